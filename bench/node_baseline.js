// Baseline for bench/list_jobs.sh: Node's bare node:http serving a fixed JSON body from memory,
// with the same bearer-token check a real API does. Usage: node node_baseline.js PORT FILE [TOKEN]
'use strict';
const http = require('node:http');
const fs = require('node:fs');

const [port, file, token] = process.argv.slice(2);
if (!port || !file) {
  console.error('usage: node node_baseline.js PORT FILE [TOKEN]');
  process.exit(2);
}
const body = fs.readFileSync(file);
const expected = token ? `Bearer ${token}` : null;

http.createServer((request, response) => {
  if (expected && request.url !== '/' && request.headers.authorization !== expected) {
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end('{"error":{"code":"unauthorized","message":"unauthorized"}}');
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  response.end(body);
}).listen(Number(port), '127.0.0.1', () => console.log(`listening on 127.0.0.1:${port}`));
