import { Badge, Checkbox, Group, Stack, Text, TextInput, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import type { SearchPage } from '@shared/contract/search'
import { IconSearch } from '@tabler/icons-react'
import type { ColDef } from 'ag-grid-community'
import type { AgGridReact } from 'ag-grid-react'
import { type ReactNode, useMemo, useRef, useState } from 'react'
import { useSearchParams } from 'react-router'
import { useDocumentTitle } from '../app/useDocumentTitle'
import { PagedGrid } from '../grid/PagedGrid'

interface Props<T> {
  title: string
  placeholder: string
  columns: ColDef<T>[]
  search(input: {
    query: string
    offset: number
    limit: number
    includeArchived: boolean
  }): Promise<SearchPage<T>>
  rowId(row: T): string
  onOpen(row: T): void
  /** "famille" → "12 familles". */
  noun: [one: string, many: string]
  /** What is left out when archived families are: "famille archivée"; by default "enfant d’une famille archivée". */
  archivedNoun?: [one: string, many: string]
  /** Buttons beside the title, given the search on screen. */
  actions?: (query: string) => ReactNode
}

/** The address of the list: the search and the archived families' filter. */
function address(text: string, includeArchived: boolean): Record<string, string> {
  return { ...(text ? { q: text } : {}), ...(includeArchived ? { archivees: '1' } : {}) }
}

/**
 * A list searched as staff type (names, numbers, phones, e-mails; accents
 * and case ignored), read a block at a time. The search is kept in the
 * address (?q=) so that coming back from a file finds the same list.
 * ↓ moves from the search box into the list, Enter opens the first row.
 */
export function SearchListScreen<T>(props: Props<T>) {
  useDocumentTitle(props.title)
  const [params, setParams] = useSearchParams()
  const [text, setText] = useState(params.get('q') ?? '')
  const [query] = useDebouncedValue(text.trim(), 150)
  const [total, setTotal] = useState<number | null>(null)
  // Archived families (every child has left) are out of the list unless asked for: docs/depart-et-archivage.md.
  const includeArchived = params.get('archivees') === '1'
  const [leftOut, setLeftOut] = useState(0)
  const archivedNoun = props.archivedNoun ?? [
    `${props.noun[0]} d’une famille archivée`,
    `${props.noun[1]} de familles archivées`,
  ]
  const grid = useRef<AgGridReact<T>>(null)
  // The search the rows on screen answer: Enter must not open a row of an older one.
  const shown = useRef<string | null>(null)
  const { search } = props
  const fetchPage = useMemo(
    () => async (offset: number, limit: number) => {
      const page = await search({ query, offset, limit, includeArchived })
      shown.current = query
      setLeftOut(page.archivedLeftOut)
      return page
    },
    [search, query, includeArchived],
  )
  const firstRow = () => grid.current?.api.getDisplayedRowAtIndex(0)?.data
  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'ArrowDown' && grid.current) {
      event.preventDefault()
      const column = grid.current.api.getAllDisplayedColumns()[0]
      if (column) grid.current.api.setFocusedCell(0, column)
    }
    if (event.key === 'Enter' && shown.current === text.trim()) {
      const row = firstRow()
      if (row) props.onOpen(row)
    }
  }
  return (
    <Stack h="calc(100vh - 90px)">
      <Group justify="space-between">
        <Title order={2}>{props.title}</Title>
        <Group>
          {total !== null && (
            <Badge size="lg" variant="light">
              {total.toLocaleString('fr-FR')} {total > 1 ? props.noun[1] : props.noun[0]}
            </Badge>
          )}
          {props.actions?.(query)}
        </Group>
      </Group>
      <TextInput
        aria-label="Rechercher"
        placeholder={props.placeholder}
        leftSection={<IconSearch size={16} />}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value)
          setParams(address(e.currentTarget.value, includeArchived), { replace: true })
        }}
        onKeyDown={onKeyDown}
        autoFocus
        maw={640}
      />
      <Group gap="lg" mt={-8}>
        <Text size="xs" c="dimmed">
          ↓ pour aller dans la liste, Entrée ou double clic pour ouvrir un dossier.
        </Text>
        <Checkbox
          size="xs"
          label="Inclure les familles archivées"
          checked={includeArchived}
          onChange={(e) => setParams(address(text, e.currentTarget.checked), { replace: true })}
        />
        {!includeArchived && leftOut > 0 && (
          <Text size="xs" c="dimmed">
            {leftOut.toLocaleString('fr-FR')} {archivedNoun[leftOut > 1 ? 1 : 0]}{' '}
            {leftOut > 1 ? 'correspondent' : 'correspond'} aussi.
          </Text>
        )}
      </Group>
      <div style={{ flex: 1 }}>
        <PagedGrid<T>
          gridRef={grid}
          label={props.title}
          queryKey={`${query}|${includeArchived}`}
          columns={props.columns}
          fetchPage={fetchPage}
          rowId={props.rowId}
          onOpen={props.onOpen}
          onTotal={setTotal}
          emptyText={query ? `Aucun résultat pour « ${query} »` : 'Aucun dossier'}
        />
      </div>
    </Stack>
  )
}
