#ifndef SCORECARD_TESTS_SUPPORT_SUBPROCESS_H_
#define SCORECARD_TESTS_SUPPORT_SUBPROCESS_H_

// A child process for end-to-end tests: started with fork/exec, output to a
// log file, stopped with SIGTERM (orderly) or SIGKILL (crash). The destructor
// kills it if still running.

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace scorecard {

class Subprocess {
 public:
  // argv[0] is the program path. Output (stdout and stderr) goes to `log_path`.
  static absl::StatusOr<Subprocess> Start(std::vector<std::string> argv, std::string log_path);
  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  ~Subprocess();

  // Sends the signal and waits for the exit; returns the wait status.
  int Signal(int sig);
  // Waits for the process to exit by itself; returns the wait status.
  int Wait();
  bool running() const { return pid_ > 0; }
  // The log so far (for failure messages).
  std::string Log() const;

 private:
  Subprocess(pid_t pid, std::string log) : pid_(pid), log_path_(std::move(log)) {}
  pid_t pid_ = -1;
  std::string log_path_;
};

}  // namespace scorecard

#endif  // SCORECARD_TESTS_SUPPORT_SUBPROCESS_H_
