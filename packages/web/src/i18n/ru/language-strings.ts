// Every Russian string the first page may show: the general ones (../ru.ts), then each area's
// own. One module per language, so that i18n-setup.ts loads only the interface language's.
import { ru } from '../ru.js'
import { carryStrings } from './carry-strings.js'
import { conversationStrings } from './conversation-strings.js'
import { deadlineStrings } from './deadline-strings.js'
import { deviceStrings } from './device-strings.js'
import { federationStrings } from './federation-strings.js'
import { layoutStrings } from './layout-strings.js'
import { secretStrings } from './secret-strings.js'
import { statementStrings } from './statement-strings.js'
import { twoClosesStrings } from './two-closes-strings.js'
import { userTextStrings } from './user-text-strings.js'

export const languageStrings: Record<string, string> = {
  ...ru,
  ...federationStrings,
  ...statementStrings,
  ...secretStrings,
  ...deviceStrings,
  ...userTextStrings,
  ...conversationStrings,
  ...deadlineStrings,
  ...carryStrings,
  ...layoutStrings,
  ...twoClosesStrings,
}
