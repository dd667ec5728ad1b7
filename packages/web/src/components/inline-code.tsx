// Interface texts name commands (`veche verify`) between backticks, as the docs do: each such span
// is shown as code, and the backticks themselves never appear.
export function InlineCode({ text }: { readonly text: string }) {
  const parts = text.split('`')
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>
}
