import { Badge, Tabs } from '@mantine/core'
import type { ReactNode } from 'react'
import { useSearchParams } from 'react-router'

export interface FileTab {
  value: string
  label: string
  /** A count shown beside the label. */
  count?: number
  content: ReactNode
}

/**
 * The tabs of a family's or a child's file. The open tab is in the address
 * (?onglet=…) so that reloading or going back keeps it; panels mount when
 * shown, so each opening reads fresh data.
 */
export function FileTabs({ tabs }: { tabs: FileTab[] }) {
  const [params, setParams] = useSearchParams()
  const current = tabs.some((t) => t.value === params.get('onglet')) ? params.get('onglet') : tabs[0]?.value
  return (
    <Tabs
      value={current}
      onChange={(value) => value && setParams({ onglet: value }, { replace: true })}
      keepMounted={false}
    >
      <Tabs.List>
        {tabs.map((tab) => (
          <Tabs.Tab
            key={tab.value}
            value={tab.value}
            rightSection={
              tab.count !== undefined && tab.count > 0 ? (
                <Badge size="xs" variant="light" circle>
                  {tab.count}
                </Badge>
              ) : undefined
            }
          >
            {tab.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {tabs.map((tab) => (
        <Tabs.Panel key={tab.value} value={tab.value} pt="md">
          {tab.content}
        </Tabs.Panel>
      ))}
    </Tabs>
  )
}
