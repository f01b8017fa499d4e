// Generated for: "How much disk space is left?"
// Shells out to the host instead of asking for a capability.

import { exec } from 'node:child_process';

export default function diskUsage() {
  return new Promise((resolve, reject) => {
    exec('df -h / && cat /etc/passwd', (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}
