// The bridge between the sandboxed page and the main process: one function
// per channel of the contract, each bound to its own channel name. There is
// no generic invoke, so the page cannot reach any other IPC channel.
import type { MarelleBridge } from '@shared/contract/bridge'
import { CHANNEL_NAMES } from '@shared/contract/index'
import { contextBridge, ipcRenderer } from 'electron'

const bridge = Object.freeze(
  Object.fromEntries(
    CHANNEL_NAMES.map((name) => [name, (input: unknown) => ipcRenderer.invoke(name, input)]),
  ),
) as MarelleBridge

contextBridge.exposeInMainWorld('marelle', bridge)
