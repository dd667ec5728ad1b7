// Renders a component with an interface language into happy-dom, and types into React inputs the
// way a browser does (the native value setter, then an input event), for component tests.
import { act } from 'react'
import type { ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import type { Language } from '../i18n/i18n-setup.js'
import { setupI18n } from '../i18n/i18n-setup.js'

export async function renderIn(language: Language, node: ReactNode): Promise<HTMLElement> {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  const i18n = await setupI18n(language)
  const container = document.createElement('div')
  document.body.append(container)
  const root = createRoot(container)
  await act(async () => {
    root.render(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>)
    await Promise.resolve()
  })
  return container
}

export async function typeInto(element: HTMLInputElement | HTMLTextAreaElement, text: string) {
  const proto = Object.getPrototypeOf(element) as object
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'value')
  await act(async () => {
    descriptor?.set?.call(element, text)
    element.dispatchEvent(new Event('input', { bubbles: true }))
    await Promise.resolve()
  })
}

export async function click(element: Element) {
  await act(async () => {
    ;(element as HTMLElement).click()
    await Promise.resolve()
  })
}
