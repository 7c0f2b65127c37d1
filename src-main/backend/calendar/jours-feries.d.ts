// @socialgouv/jours-feries ships no types: its default export maps each
// holiday's French name to a Date at the machine's local midnight.
declare module '@socialgouv/jours-feries' {
  export default function joursFeries(year: number, options?: { alsace?: boolean }): Record<string, Date>
}
