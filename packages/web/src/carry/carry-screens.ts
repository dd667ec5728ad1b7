// The QR screens as one lazy module: the app loads them together on first use, so the modules
// they share with the first page (the replica, the hooks) stay in the first page's chunks rather
// than being split into more, smaller first-load files (each split costs compressed bytes).
export { default as CarryReceiveScreen } from './carry-receive-screen.js'
export { default as CarryShowScreen } from './carry-show-screen.js'
export { default as ScanInvitationScreen } from './scan-invitation-screen.js'
