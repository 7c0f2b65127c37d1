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

/** The sidebar, in order; Alt+1 … Alt+9 and Alt+0 open the first ten screens (AppLayout.tsx). */
export const NAV_ITEMS = [
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
  { path: '/conservation', label: 'Conservation des données', icon: IconShieldCheck },
  { path: '/acces-sante', label: 'Accès aux données de santé', icon: IconStethoscope },
] as const
