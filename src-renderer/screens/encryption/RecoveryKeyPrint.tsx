import { createPortal } from 'react-dom'
import { RecoveryKeyGroups } from './RecoveryKeyGroups'

/**
 * The printed sheet, outside the app's layout so that printing shows it alone
 * (encryption.css): the commune, the day, the key, and what to do with it.
 */
export function RecoveryKeyPrint({ recoveryKey, communeName }: { recoveryKey: string; communeName: string }) {
  const today = new Date().toLocaleDateString('fr-FR', { day: '2-digit', month: '2-digit', year: 'numeric' })
  return createPortal(
    <section className="recovery-print" aria-hidden="true">
      <h1>Marelle : clé de secours de la base de données</h1>
      <p>
        <strong>{communeName || 'Commune : ______________________________'}</strong> — imprimée le {today}
      </p>
      <RecoveryKeyGroups recoveryKey={recoveryKey} label="Clé de secours" />
      <h2>À quoi sert cette feuille</h2>
      <p>
        Les dossiers des familles et les données de santé des enfants sont chiffrés sur le poste. La clé de
        chiffrement est gardée par Windows ou macOS pour la session de l’utilisateur. Si elle devient
        illisible (nouveau profil Windows, poste remplacé, base restaurée sur un autre poste), Marelle demande
        cette clé de secours : sans elle, la base et ses sauvegardes ne peuvent plus être ouvertes par
        personne.
      </p>
      <h2>Ce qu’il faut faire</h2>
      <ul>
        <li>Conserver cette feuille dans un coffre ou une armoire fermée à clé de la mairie.</li>
        <li>
          Ne jamais l’enregistrer sur l’ordinateur, dans un courriel, une photo ou un document partagé : elle
          ouvre toutes les données des familles.
        </li>
        <li>
          Quand un administrateur génère une nouvelle clé de secours (Paramètres → Chiffrement), l’ancienne
          n’ouvre plus la base ; elle ouvre encore les sauvegardes faites avant ce changement : la détruire
          quand elles ont été effacées (après 14 jours).
        </li>
      </ul>
    </section>,
    document.body,
  )
}
