import { Alert, Loader } from '@mantine/core'
import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'

/** A file being read: a spinner, the refusal in French ("Famille introuvable."), or the file. */
export function FileLoader<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>
  children(data: T): ReactNode
}) {
  if (query.isPending) return <Loader />
  if (query.isError)
    return (
      <Alert color="red" title="Dossier introuvable">
        {query.error.message}
      </Alert>
    )
  return children(query.data)
}
