// Loaded by index.html before the app. zod (which @veche/core parses events with) compiles its
// object parsers with `new Function`, and first tries whether it may, when each schema is built.
// The hub's Content-Security-Policy allows no eval (`script-src 'self'`), so that try would be
// blocked and reported as a violation on every load. This sets zod's global configuration, which
// it keeps on globalThis, to jitless before any schema exists: the same parsing, without eval.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, {
  jitless: true,
})
