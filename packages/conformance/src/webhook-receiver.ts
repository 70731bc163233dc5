/** A loopback HTTP server that records the bodies POSTed to it, for the webhooks check. */
export interface WebhookReceiver {
  readonly url: string;
  readonly bodies: readonly string[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  // Imported here so that loading the suite never needs node:http.
  const { createServer } = await import('node:http');
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST') bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/atlas-conformance-webhook`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
