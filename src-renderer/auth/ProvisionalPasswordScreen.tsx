import { Button } from '@mantine/core'
import { useDocumentTitle } from '../app/useDocumentTitle'
import { ChangePasswordPanel } from '../screens/settings/ChangePasswordPanel'
import { AuthCard } from './AuthCard'

/** First sign-in with a password an administrator gave: the holder chooses their own first. */
export function ProvisionalPasswordScreen({
  onChanged,
  onSignOut,
}: {
  onChanged: () => Promise<void>
  onSignOut: () => Promise<void>
}) {
  useDocumentTitle('Choisir votre mot de passe')
  return (
    <AuthCard
      title="Choisissez votre mot de passe"
      intro="Le mot de passe que l’administrateur vous a donné est provisoire : remplacez-le par un mot de passe que vous seul connaissez."
    >
      <ChangePasswordPanel onChanged={onChanged} />
      <Button variant="subtle" onClick={() => void onSignOut()} w="fit-content">
        Se déconnecter
      </Button>
    </AuthCard>
  )
}
