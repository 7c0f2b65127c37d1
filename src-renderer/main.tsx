import '@mantine/core/styles.css'
import '@mantine/dates/styles.css'
import '@mantine/notifications/styles.css'
import './app/global.css'
import 'dayjs/locale/fr'
import { MantineProvider } from '@mantine/core'
import { DatesProvider } from '@mantine/dates'
import { Notifications } from '@mantine/notifications'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { listenToChanges } from './api/changes'
import { App } from './app/App'
import { styleNonce } from './app/nonce'
import { theme } from './app/theme'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 },
    mutations: { retry: false },
  },
})
// A decision taken in another window refreshes this one's views of the same family or child.
listenToChanges(queryClient)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} getStyleNonce={() => styleNonce}>
      <DatesProvider settings={{ locale: 'fr', firstDayOfWeek: 1, weekendDays: [0, 6] }}>
        {/* Bottom left, as wide as the sidebar, below its links: over nothing staff need (the user
            menu and the modals' close buttons are top right, the save bars at the bottom of the page). */}
        <Notifications position="bottom-left" containerWidth={236} limit={3} />
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  </StrictMode>,
)
