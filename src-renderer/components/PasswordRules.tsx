import { Text } from '@mantine/core'
import { PASSWORD_MIN_LENGTH } from '@shared/validation/password'

export function PasswordRules() {
  return (
    <Text size="xs" c="dimmed" mt={4}>
      Au moins {PASSWORD_MIN_LENGTH} caractères, avec au moins trois sortes parmi : minuscules, majuscules,
      chiffres, caractères spéciaux.
    </Text>
  )
}
