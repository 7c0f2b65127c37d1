import type { FamilyFile } from '@shared/contract/families'
import type { FieldSpec } from '@shared/fields/index'
import type { ReactNode } from 'react'
import { api } from '../../api/client'
import { RecordForm } from '../../fields/RecordForm'
import { useFamilyUpdater } from './family-query'

/** Some fields of the family itself (CAF, fiscal, bank), saved with the family's version. */
export function FamilyFieldsPanel(props: {
  family: FamilyFile
  fields: readonly FieldSpec[]
  savedMessage: string
  children?: ReactNode
}) {
  const { family } = props
  const { saved, reload } = useFamilyUpdater(family.id)
  return (
    <RecordForm
      fields={props.fields}
      values={family.values}
      version={family.version}
      onSave={async (patch) =>
        saved(await api.families.update({ id: family.id, version: family.version, patch }))
      }
      onReload={reload}
      savedMessage={props.savedMessage}
      columns={2}
    >
      {props.children}
    </RecordForm>
  )
}
