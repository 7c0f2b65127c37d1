import { createHashRouter, RouterProvider } from 'react-router'
import { AuthGate } from '../auth/AuthGate'
import { EncryptionGate } from '../screens/encryption/EncryptionGate'
import { RecoveryKeyNotice } from '../screens/encryption/RecoveryKeyNotice'
import { routes } from './routes'

const router = createHashRouter(routes)

export function App() {
  return (
    <EncryptionGate>
      <AuthGate>
        <RecoveryKeyNotice>
          <RouterProvider router={router} />
        </RecoveryKeyNotice>
      </AuthGate>
    </EncryptionGate>
  )
}
