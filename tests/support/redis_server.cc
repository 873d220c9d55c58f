#include "support/redis_server.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "redis/redis_connection.h"

namespace scorecard {
namespace {

constexpr char kLogFile[] = "redis-server.log";
constexpr int kStartAttempts = 3;

std::string RedisServerBinary() {
  const char* from_env = std::getenv("REDIS_SERVER");
  return from_env != nullptr && from_env[0] != '\0' ? from_env : "redis-server";
}

absl::StatusOr<std::string> MakeTempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern =
      absl::StrCat(base != nullptr && base[0] != '\0' ? base : "/tmp", "/scorecard-redis-XXXXXX");
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("mkdtemp failed: ", std::strerror(errno)));
  }
  return pattern;
}

std::string DescribeExit(int wait_status) {
  if (WIFEXITED(wait_status)) return absl::StrCat("exited with status ", WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) return absl::StrCat("killed by signal ", WTERMSIG(wait_status));
  return "stopped";
}

}  // namespace

bool WaitFor(const std::function<bool()>& cond, std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  std::chrono::milliseconds pause(1);
  while (true) {
    if (cond()) return true;
    const auto now = std::chrono::steady_clock::now();
    if (now >= until) return false;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(pause, until - now));
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    std::perror("FreeLoopbackPort: socket");
    std::abort();
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::perror("FreeLoopbackPort: bind/getsockname");
    std::abort();
  }
  close(fd);
  return ntohs(addr.sin_port);
}

absl::StatusOr<std::unique_ptr<RedisServer>> RedisServer::Start(RedisServerOptions options) {
  absl::StatusOr<std::string> dir = MakeTempDir();
  if (!dir.ok()) return dir.status();
  std::unique_ptr<RedisServer> server(new RedisServer(std::move(options), *std::move(dir)));
  absl::Status status;
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    // A fresh port each time: the likely cause of a failed start is that
    // another process took the port between FreeLoopbackPort and bind.
    server->port_ = FreeLoopbackPort();
    status = server->Spawn();
    if (status.ok()) status = server->WaitUntilReady();
    if (status.ok()) return server;
  }
  return status;
}

RedisServer::RedisServer(RedisServerOptions options, std::string dir)
    : options_(std::move(options)), dir_(std::move(dir)) {}

RedisServer::~RedisServer() {
  Stop().IgnoreError();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string RedisServer::log_path() const { return absl::StrCat(dir_, "/", kLogFile); }

RedisOptions RedisServer::options() const {
  RedisOptions options;
  options.host = "127.0.0.1";
  options.port = port_;
  options.password = options_.password;
  options.connect_timeout = std::chrono::milliseconds(1000);
  options.command_timeout = std::chrono::milliseconds(5000);
  options.max_reconnect_attempts = 3;
  options.initial_backoff = std::chrono::milliseconds(10);
  options.max_backoff = std::chrono::milliseconds(100);
  return options;
}

absl::Status RedisServer::Spawn() {
  std::vector<std::string> args = {RedisServerBinary(),
                                   "--bind",
                                   "127.0.0.1",
                                   "--port",
                                   std::to_string(port_),
                                   "--dir",
                                   dir_,
                                   "--save",
                                   "",
                                   "--appendonly",
                                   "yes",
                                   "--appendfsync",
                                   "everysec",
                                   "--daemonize",
                                   "no"};
  if (!options_.password.empty()) {
    args.push_back("--requirepass");
    args.push_back(options_.password);
  }
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  // Everything the child needs is prepared before fork: after it only
  // async-signal-safe calls are allowed.
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  const int log_fd = open(log_path().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return absl::InternalError(absl::StrCat("open ", log_path(), ": ", std::strerror(errno)));
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    const int error = errno;
    close(log_fd);
    return absl::InternalError(absl::StrCat("fork: ", std::strerror(error)));
  }
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(1);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(log_fd);
  pid_ = pid;
  return absl::OkStatus();
}

absl::Status RedisServer::WaitUntilReady() {
  RedisOptions probe = options();
  probe.connect_timeout = std::chrono::milliseconds(200);
  probe.command_timeout = std::chrono::milliseconds(1000);
  probe.max_reconnect_attempts = 1;
  std::string exit_description;
  const bool ready = WaitFor(
      [&] {
        int wait_status = 0;
        if (waitpid(pid_, &wait_status, WNOHANG) == pid_) {
          pid_ = -1;
          exit_description = DescribeExit(wait_status);
          return true;  // stop polling: it will never answer
        }
        absl::StatusOr<std::unique_ptr<RedisConnection>> connection =
            RedisConnection::Connect(probe);
        if (!connection.ok()) return false;
        // LOADING (replaying the AOF) surfaces as an error status; keep polling.
        absl::StatusOr<RedisReply> pong = (*connection)->Command({"PING"});
        return pong.ok() && pong->is_status() && pong->str() == "PONG";
      },
      options_.start_deadline);
  if (!exit_description.empty()) {
    return absl::UnavailableError(absl::StrCat("redis-server on port ", port_, " ",
                                               exit_description, "; log tail:\n", LogTail()));
  }
  if (!ready) {
    Kill().IgnoreError();
    return absl::UnavailableError(absl::StrCat(
        "redis-server on port ", port_, " did not answer PING in time; log tail:\n", LogTail()));
  }
  return absl::OkStatus();
}

bool RedisServer::Reap(std::chrono::milliseconds deadline) {
  return WaitFor(
      [&] {
        int wait_status = 0;
        const pid_t result = waitpid(pid_, &wait_status, WNOHANG);
        // ECHILD: already reaped elsewhere; nothing left to wait for.
        return result == pid_ || (result < 0 && errno == ECHILD);
      },
      deadline);
}

absl::Status RedisServer::Stop() {
  if (pid_ <= 0) return absl::OkStatus();
  kill(pid_, SIGTERM);
  if (Reap(options_.stop_deadline)) {
    pid_ = -1;
    return absl::OkStatus();
  }
  absl::Status killed = Kill();
  if (!killed.ok()) return killed;
  return absl::DeadlineExceededError(
      absl::StrCat("redis-server did not exit on SIGTERM in time; killed. Log tail:\n", LogTail()));
}

absl::Status RedisServer::Kill() {
  if (pid_ <= 0) return absl::OkStatus();
  kill(pid_, SIGKILL);
  int wait_status = 0;
  pid_t result;
  do {
    result = waitpid(pid_, &wait_status, 0);
  } while (result < 0 && errno == EINTR);
  pid_ = -1;
  if (result < 0 && errno != ECHILD) {
    return absl::InternalError(absl::StrCat("waitpid: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::Status RedisServer::Restart() {
  if (absl::Status stopped = Stop(); !stopped.ok()) return stopped;
  if (absl::Status spawned = Spawn(); !spawned.ok()) return spawned;
  return WaitUntilReady();
}

std::string RedisServer::LogTail() const {
  std::ifstream in(log_path());
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  constexpr size_t kTail = 2000;
  return text.size() > kTail ? text.substr(text.size() - kTail) : text;
}

}  // namespace scorecard
