import { Alert, Button, Textarea } from '@mantine/core'
import { useState } from 'react'
import { ApiError, api } from '../../api/client'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { AuthCard } from '../../auth/AuthCard'

/** Typed before the sign-in when the key kept on this desktop cannot open the database (docs/chiffrement.md). */
export function RecoveryScreen({ onOpened }: { onOpened(): Promise<unknown> }) {
  useDocumentTitle('Clé de secours')
  const [value, setValue] = useState('')
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: React.FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setFieldError(null)
    setFailure(null)
    try {
      await api.encryption.recover({ recoveryKey: value })
      await onOpened()
    } catch (error) {
      const field = error instanceof ApiError ? error.fields.find((f) => f.path === 'recoveryKey') : undefined
      if (field) setFieldError(field.message.replace(/^Clé de secours : /, ''))
      else setFailure((error as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <AuthCard
      title="Clé de secours"
      intro="La clé de chiffrement de ce poste est illisible (nouveau profil Windows, base copiée depuis un autre poste…). Saisissez la clé de secours."
    >
      <form onSubmit={submit} noValidate>
        {failure && (
          <Alert color="red" mb="md" role="alert">
            {failure}
          </Alert>
        )}
        <Textarea
          label="Clé de secours"
          description="16 groupes de 6 chiffres, avec ou sans tirets, tels qu’ils sont imprimés sur la feuille conservée par l’administrateur"
          autosize
          minRows={3}
          autoFocus
          spellCheck={false}
          autoComplete="off"
          styles={{
            input: { fontFamily: 'ui-monospace, "Cascadia Mono", Menlo, Consolas, monospace', fontSize: 18 },
          }}
          value={value}
          onChange={(event) => setValue(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault()
              event.currentTarget.form?.requestSubmit()
            }
          }}
          error={fieldError}
        />
        <Button type="submit" fullWidth mt="lg" loading={busy}>
          Ouvrir la base
        </Button>
      </form>
    </AuthCard>
  )
}
