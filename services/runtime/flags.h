#ifndef SCORECARD_RUNTIME_FLAGS_H_
#define SCORECARD_RUNTIME_FLAGS_H_

// Minimal command-line flags: "--name=value", "--name value" and bare
// "--switch". Each program declares the flags it knows; an unknown flag or a
// bad value is a usage error naming the flag. Values may also come from the
// environment (SCORECARD_<NAME>, upper case, '-' -> '_') so containers can be
// configured without arguments; the command line wins.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace scorecard {

class Flags {
 public:
  // Declares a flag with its default and help text.
  void Define(const std::string& name, std::string default_value, std::string help);
  void DefineSwitch(const std::string& name, std::string help);

  // Parses argv (without the program / sub-command name). Positional
  // arguments are kept in positional(). INVALID_ARGUMENT names the flag.
  absl::Status Parse(const std::vector<std::string>& args);

  const std::string& Get(const std::string& name) const;
  absl::StatusOr<int64_t> GetInt(const std::string& name) const;
  absl::StatusOr<double> GetDouble(const std::string& name) const;
  bool GetBool(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }

  // "  --name (default: x)  help" lines.
  std::string Usage() const;

 private:
  struct Def {
    std::string value;
    std::string help;
    bool is_switch = false;
  };
  std::map<std::string, Def> defs_;
  std::vector<std::string> positional_;
};

std::vector<std::string> ArgsOf(int argc, char** argv, int skip);

}  // namespace scorecard

#endif  // SCORECARD_RUNTIME_FLAGS_H_
