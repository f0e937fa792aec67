// The floor under every HTTP scenario: a bare node:http server that reads each request's body and
// answers 200 with an empty body, nothing else. Pinned to the processor's core by the runner; what
// it does per CPU second is the most any Node HTTP receiver could do with requests of that size.
// Prints its port.

import { createServer } from 'node:http';

const server = createServer((request, response) => {
  request.on('data', () => {});
  request.on('end', () => response.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': '0' }).end());
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
