// Counters for `GET /metrics`, in the Prometheus text format (version 0.0.4): events by outcome and
// rejection code, open streams, and requests by method, route and status. Routes are the route
// patterns (`/api/spaces/:id`), never raw URLs, so no id or query ends up in a label.

export class HubMetrics {
  readonly #events = new Map<string, number>()
  readonly #requests = new Map<string, number>()
  #openStreams = 0

  /** Counts one submitted event's outcome (`code` for rejections). */
  countEvent(status: string, code?: string): void {
    const key = code === undefined ? `status="${status}"` : `status="${status}",code="${code}"`
    this.#events.set(key, (this.#events.get(key) ?? 0) + 1)
  }

  countRequest(method: string, route: string, status: number): void {
    const key = `method="${method}",route="${escapeLabel(route)}",status="${status}"`
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1)
  }

  streamOpened(): void {
    this.#openStreams += 1
  }

  streamClosed(): void {
    this.#openStreams -= 1
  }

  get openStreams(): number {
    return this.#openStreams
  }

  /** The exposition text. */
  render(): string {
    const lines = [
      '# HELP veche_events_total Submitted events by outcome (and rejection code).',
      '# TYPE veche_events_total counter',
      ...[...this.#events].map(([labels, n]) => `veche_events_total{${labels}} ${n}`),
      '# HELP veche_streams_open Live event streams open now.',
      '# TYPE veche_streams_open gauge',
      `veche_streams_open ${this.#openStreams}`,
      '# HELP veche_http_requests_total HTTP requests by method, route and status.',
      '# TYPE veche_http_requests_total counter',
      ...[...this.#requests].map(([labels, n]) => `veche_http_requests_total{${labels}} ${n}`),
    ]
    return `${lines.join('\n')}\n`
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
}
