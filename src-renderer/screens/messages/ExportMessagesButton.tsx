import { useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'
import { PortalExportButton } from '../requests/PortalExportButton'

/** The portal's inbox file (docs/demandes-portail.md): one JSON line per message since a day. */
export function ExportMessagesButton() {
  const client = useQueryClient()
  return (
    <PortalExportButton
      label="Exporter pour le portail"
      title="Exporter les messages pour le portail"
      description="Le fichier contient chaque message pour le portail écrit depuis la date choisie, réponses aux demandes comprises. Un message déjà exporté garde le même identifiant : le portail ne le montre pas deux fois. Les messages exportés passent à « transmis au portail »."
      dayLabel="Messages écrits depuis le"
      exportSince={(since) => api.messages.export({ since })}
      written={(count, fileName) => `${count} message(s) exporté(s) dans ${fileName}.`}
      nothing="Aucun message pour le portail depuis cette date : aucun fichier n’a été créé."
      onExported={() => void client.invalidateQueries({ queryKey: ['messages', 'list'] })}
    />
  )
}
