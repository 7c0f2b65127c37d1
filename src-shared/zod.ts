// Every module imports zod from here so that the French messages and the
// eval-free mode (our CSP forbids eval) are configured before any parse.
import { z } from 'zod'
import { fr } from 'zod/locales'
import { frenchIssueMessage } from './validation/issue-messages'

z.config(fr())
z.config({ jitless: true, customError: frenchIssueMessage })

export { z }
