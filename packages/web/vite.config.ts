// The web app's build: React, and a service worker (vite-plugin-pwa, Workbox) that precaches the
// whole app so it loads with no network. API calls are never cached: the hub is the truth.
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

export default defineConfig({
  base: '/',
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 600 },
  // `npm run dev`: the API of a hub started with `veche serve` on its default port.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  plugins: [
    react(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: null,
      manifest: {
        name: 'Veche',
        short_name: 'Veche',
        description: "People's assemblies: deliberate, decide, re-check every result",
        start_url: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1d3557',
        icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,webmanifest}'],
        navigateFallback: '/index.html',
        // The hub's own pages (API, metrics, public resolution pages and proofs, the page and file of
        // its certificate authority) are never the app.
        navigateFallbackDenylist: [/^\/api\//, /^\/metrics/, /^\/r\//, /^\/ca(\.crt)?(\?|$)/],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
})
