import { createHashRouter, RouterProvider } from 'react-router'
import { AuthGate } from '../auth/AuthGate'
import { routes } from './routes'

const router = createHashRouter(routes)

export function App() {
  return (
    <AuthGate>
      <RouterProvider router={router} />
    </AuthGate>
  )
}
