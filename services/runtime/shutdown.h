#ifndef SCORECARD_RUNTIME_SHUTDOWN_H_
#define SCORECARD_RUNTIME_SHUTDOWN_H_

// SIGTERM/SIGINT handling for services: the signals are blocked in every
// thread and waited for by one, so no work happens in a signal handler.

#include <functional>

namespace scorecard {

// Blocks SIGTERM and SIGINT in the calling thread (call first in main, before
// starting threads, so they inherit the mask).
void BlockShutdownSignals();

// Waits for SIGTERM or SIGINT, then calls `on_shutdown` once. Returns the
// signal number.
int WaitForShutdownSignal(const std::function<void()>& on_shutdown);

}  // namespace scorecard

#endif  // SCORECARD_RUNTIME_SHUTDOWN_H_
