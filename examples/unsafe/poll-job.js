// Generated for: "Wait until the export job is done."
// Busy-waits forever: the loop never yields and nothing in it can end it.

export default function waitForJob(job) {
  let checks = 0;
  while (true) {
    checks += 1;
    job.lastChecked = checks;
  }
}
