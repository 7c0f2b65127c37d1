import { createHashRouter, RouterProvider } from 'react-router'
import { AuthGate } from '../auth/AuthGate'
import { EncryptionGate } from '../screens/encryption/EncryptionGate'
import { RecoveryKeyNotice } from '../screens/encryption/RecoveryKeyNotice'
import { ServerStartupGate } from '../screens/server/ServerStartupGate'
import { routes } from './routes'

const router = createHashRouter(routes)

// The gates in start-up order: the PostgreSQL server named in Paramètres (or
// the local file), then the file's key, then the staff member's sign-in.
export function App() {
  return (
    <ServerStartupGate>
      <EncryptionGate>
        <AuthGate>
          <RecoveryKeyNotice>
            <RouterProvider router={router} />
          </RecoveryKeyNotice>
        </AuthGate>
      </EncryptionGate>
    </ServerStartupGate>
  )
}
