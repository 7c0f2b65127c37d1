/** A field value as the screens, the CLI's JSON and the portal see it. */
export type FieldValue = string | number | boolean | null

/** One editable record: its fields by their name in docs/demandes-portail.md, and the version to send back when saving. */
export interface RecordView {
  id: number
  version: number
  values: Record<string, FieldValue>
}
