// Reading a host's Prometheus /metrics as Prometheus would: one sample per series.

/** `name{label="value",…}` → value. */
export type Samples = Map<string, number>;

export function parseExposition(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (match) samples.set(match[1]! + (match[2] ?? ''), Number(match[3]));
  }
  return samples;
}

/** The host's samples now, read with its METRICS_TOKEN. */
export async function scrapeMetrics(hostUrl: string, token: string): Promise<Samples> {
  const res = await fetch(`${hostUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return parseExposition(await res.text());
}
