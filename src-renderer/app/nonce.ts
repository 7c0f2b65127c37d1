import { setNonce } from 'get-nonce'

/** The CSP nonce the host put in the page for this load (style elements need it). */
export const styleNonce: string =
  document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content ?? ''

// Mantine's modals lock scrolling with react-remove-scroll, whose style
// element takes its nonce from get-nonce.
setNonce(styleNonce)
