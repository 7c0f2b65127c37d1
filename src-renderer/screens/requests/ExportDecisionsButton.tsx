import { api } from '../../api/client'
import { PortalExportButton } from './PortalExportButton'

/** The decisions file for the portal (docs/demandes-portail.md): one JSON line per decision since a day. */
export function ExportDecisionsButton() {
  return (
    <PortalExportButton
      label="Exporter les décisions"
      title="Exporter les décisions pour le portail"
      description="Le fichier contient, pour chaque demande décidée depuis la date choisie : sa référence, son état (validée, refusée, partiellement validée), la date de la décision, la réponse à la famille et, pour une décision partielle, les champs ou les dates acceptés."
      dayLabel="Décisions prises depuis le"
      exportSince={(since) => api.requests.exportDecisions({ since })}
      written={(count, fileName) => `${count} décision(s) exportée(s) dans ${fileName}.`}
      nothing="Aucune décision depuis cette date : aucun fichier n’a été créé."
    />
  )
}
