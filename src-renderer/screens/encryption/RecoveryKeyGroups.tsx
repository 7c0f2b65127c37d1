/** The recovery key in its groups (four a line), as it is printed and typed back. */
export function RecoveryKeyGroups({ recoveryKey, label }: { recoveryKey: string; label: string }) {
  const groups = recoveryKey.split('-')
  return (
    <div className="recovery-key-groups" title={label} data-testid="recovery-key">
      {groups.map((group, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: groups may repeat; their place is their identity
        <span key={index} title={`Groupe ${index + 1}`}>
          {group}
        </span>
      ))}
    </div>
  )
}
