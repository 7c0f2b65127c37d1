import type { RouteObject } from 'react-router'
import { BillingScreen } from '../screens/billing/BillingScreen'
import { CalendarScreen } from '../screens/calendar/CalendarScreen'
import { ChildFileScreen } from '../screens/children/ChildFileScreen'
import { ChildrenScreen } from '../screens/children/ChildrenScreen'
import { IncompleteFilesScreen } from '../screens/children/IncompleteFilesScreen'
import { DashboardScreen } from '../screens/dashboard/DashboardScreen'
import { FamiliesScreen } from '../screens/families/FamiliesScreen'
import { FamilyFileScreen } from '../screens/families/FamilyFileScreen'
import { HealthAccessScreen } from '../screens/health-access/HealthAccessScreen'
import { ImportExportScreen } from '../screens/import-export/ImportExportScreen'
import { DayListScreen } from '../screens/lists/DayListScreen'
import { MessagesScreen } from '../screens/messages/MessagesScreen'
import { RequestsScreen } from '../screens/requests/RequestsScreen'
import { RetentionScreen } from '../screens/retention/RetentionScreen'
import { SettingsScreen } from '../screens/settings/SettingsScreen'
import { AppLayout } from './AppLayout'
import { NotFoundScreen } from './NotFoundScreen'

export const routes: RouteObject[] = [
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <DashboardScreen /> },
      { path: 'demandes', element: <RequestsScreen /> },
      { path: 'familles', element: <FamiliesScreen /> },
      { path: 'enfants', element: <ChildrenScreen /> },
      { path: 'calendrier', element: <CalendarScreen /> },
      { path: 'journee', element: <DayListScreen /> },
      { path: 'import-export', element: <ImportExportScreen /> },
      { path: 'familles/:id', element: <FamilyFileScreen /> },
      { path: 'enfants/dossiers', element: <IncompleteFilesScreen /> },
      { path: 'enfants/:id', element: <ChildFileScreen /> },
      { path: 'parametres', element: <SettingsScreen /> },
      { path: 'facturation', element: <BillingScreen /> },
      { path: 'messages', element: <MessagesScreen /> },
      { path: 'conservation', element: <RetentionScreen /> },
      { path: 'acces-sante', element: <HealthAccessScreen /> },
      { path: '*', element: <NotFoundScreen /> },
    ],
  },
]
