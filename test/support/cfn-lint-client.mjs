// What `cfn-lint` is on PATH during a test run (test/support/probe-tools.ts writes a one-line
// `cfn-lint` that runs this with the port): sends the arguments and working directory to the
// run's one cfn-lint process (cfn-lint-server.py) and prints its output with its exit code, so
// callers, the CLI included, see the cfn-lint executable's behaviour without its start-up cost.
import { connect } from 'node:net';

const [port, ...argv] = process.argv.slice(2);
const socket = connect(Number(port), '127.0.0.1');
const chunks = [];
socket.on('data', (chunk) => chunks.push(chunk));
socket.on('error', (error) => {
  process.stderr.write(`cfn-lint test server on port ${port} is not answering: ${error.message}\n`);
  process.exitCode = 1;
});
socket.on('end', () => {
  const { code, stdout, stderr } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exitCode = code;
});
socket.end(JSON.stringify({ argv, cwd: process.cwd() }));
