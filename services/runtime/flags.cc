#include "runtime/flags.h"

#include <cctype>
#include <charconv>
#include <cstdlib>

namespace scorecard {

void Flags::Define(const std::string& name, std::string default_value, std::string help) {
  std::string env = "SCORECARD_";
  for (char c : name) env.push_back(c == '-' ? '_' : static_cast<char>(std::toupper(c)));
  if (const char* v = std::getenv(env.c_str())) default_value = v;
  defs_[name] = Def{std::move(default_value), std::move(help), false};
}

void Flags::DefineSwitch(const std::string& name, std::string help) {
  defs_[name] = Def{"false", std::move(help), true};
}

absl::Status Flags::Parse(const std::vector<std::string>& args) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 3 || a.rfind("--", 0) != 0) {
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2);
    std::string value;
    bool has_value = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    auto it = defs_.find(name);
    if (it == defs_.end()) return absl::InvalidArgumentError("unknown flag --" + name);
    if (it->second.is_switch) {
      it->second.value = has_value ? value : "true";
      if (it->second.value != "true" && it->second.value != "false") {
        return absl::InvalidArgumentError("--" + name + " takes true or false");
      }
      continue;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) return absl::InvalidArgumentError("--" + name + " needs a value");
      value = args[++i];
    }
    it->second.value = value;
  }
  return absl::OkStatus();
}

const std::string& Flags::Get(const std::string& name) const { return defs_.at(name).value; }

absl::StatusOr<int64_t> Flags::GetInt(const std::string& name) const {
  const std::string& v = Get(name);
  int64_t out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size()) {
    return absl::InvalidArgumentError("--" + name + " must be an integer, got '" + v + "'");
  }
  return out;
}

absl::StatusOr<double> Flags::GetDouble(const std::string& name) const {
  const std::string& v = Get(name);
  double out = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || p != v.data() + v.size()) {
    return absl::InvalidArgumentError("--" + name + " must be a number, got '" + v + "'");
  }
  return out;
}

bool Flags::GetBool(const std::string& name) const { return Get(name) == "true"; }

std::string Flags::Usage() const {
  std::string out;
  for (const auto& [name, def] : defs_) {
    out += "  --" + name;
    if (!def.is_switch) out += " (default: " + (def.value.empty() ? "\"\"" : def.value) + ")";
    out += "\n      " + def.help + "\n";
  }
  return out;
}

std::vector<std::string> ArgsOf(int argc, char** argv, int skip) {
  std::vector<std::string> out;
  for (int i = skip; i < argc; ++i) out.emplace_back(argv[i]);
  return out;
}

}  // namespace scorecard
