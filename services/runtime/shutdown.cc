#include "runtime/shutdown.h"

#include <csignal>

namespace scorecard {
namespace {
sigset_t ShutdownSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}
}  // namespace

void BlockShutdownSignals() {
  sigset_t set = ShutdownSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A peer closing a socket must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
}

int WaitForShutdownSignal(const std::function<void()>& on_shutdown) {
  sigset_t set = ShutdownSet();
  int sig = 0;
  sigwait(&set, &sig);
  on_shutdown();
  return sig;
}

}  // namespace scorecard
