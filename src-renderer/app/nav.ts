import type { Role } from '@shared/roles'
import {
  IconCalendar,
  IconChecklist,
  IconClipboardList,
  IconFileImport,
  IconHome,
  IconMail,
  IconMoodKid,
  IconReceiptEuro,
  IconSettings,
  IconShieldCheck,
  IconStethoscope,
  IconUsersGroup,
} from '@tabler/icons-react'

interface NavItem {
  path: string
  label: string
  icon: typeof IconHome
  /** Shown only from this role up (the screen's channels refuse the others anyway). */
  minRole?: Role
}

/** The sidebar, in order; Alt+1 … Alt+9 and Alt+0 open the first ten screens shown (AppLayout.tsx). */
export const NAV_ITEMS: readonly NavItem[] = [
  { path: '/', label: 'Tableau de bord', icon: IconHome },
  { path: '/demandes', label: 'Demandes', icon: IconChecklist },
  { path: '/familles', label: 'Familles', icon: IconUsersGroup },
  { path: '/enfants', label: 'Enfants', icon: IconMoodKid },
  { path: '/calendrier', label: 'Calendrier', icon: IconCalendar },
  { path: '/journee', label: 'Journée', icon: IconClipboardList },
  { path: '/import-export', label: 'Import / Export', icon: IconFileImport },
  { path: '/parametres', label: 'Paramètres', icon: IconSettings },
  { path: '/facturation', label: 'Facturation', icon: IconReceiptEuro },
  { path: '/messages', label: 'Messages', icon: IconMail },
  {
    path: '/conservation',
    label: 'Conservation des données',
    icon: IconShieldCheck,
    minRole: 'administrateur',
  },
  {
    path: '/acces-sante',
    label: 'Accès aux données de santé',
    icon: IconStethoscope,
    minRole: 'administrateur',
  },
]
