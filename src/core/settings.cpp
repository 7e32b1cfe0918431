#include "core/settings.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace idmatch {
namespace {

// 16777216 -> "16777216"; 0.5 -> "0.5"
std::string NumberText(double v) {
  std::ostringstream s;
  s.precision(12);
  s << v;
  return s.str();
}

Status Bad(std::string_view key, const std::string& rule, std::string_view text) {
  std::string msg = "configuration '";
  msg.append(key).append("' ").append(rule).append(", got '").append(text.substr(0, 80)).append("'");
  return Status(ErrorCode::kConfigInvalid, msg);
}

}  // namespace

std::string RangeText(SettingKind kind, double min, double max, const std::vector<std::string_view>& choices) {
  switch (kind) {
    case SettingKind::kWhole:
    case SettingKind::kNumber: return NumberText(min) + ".." + NumberText(max);
    case SettingKind::kSwitch: return "true, false";
    case SettingKind::kChoice: {
      std::string out;
      for (auto c : choices) out.append(out.empty() ? "" : ", ").append(c);
      return out;
    }
    case SettingKind::kText: break;
  }
  return "text";
}

Result<SettingValue> ParseSetting(SettingKind kind, double min, double max,
                                  const std::vector<std::string_view>& choices, std::string_view key,
                                  std::string_view text) {
  SettingValue v;
  switch (kind) {
    case SettingKind::kText: v.text = std::string(text); return v;
    case SettingKind::kSwitch:
      if (text == "true" || text == "1") {
        v.on = true;
      } else if (text != "false" && text != "0") {
        return Bad(key, "must be true or false", text);
      }
      return v;
    case SettingKind::kChoice:
      for (auto c : choices) {
        if (c == text) {
          v.text = std::string(text);
          return v;
        }
      }
      {
        std::string list;  // "default, open or fusion"
        for (size_t i = 0; i < choices.size(); ++i) {
          list.append(i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ").append(choices[i]);
        }
        return Bad(key, "must be " + list, text);
      }
    case SettingKind::kWhole: {
      long long n = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (text.empty() || ec != std::errc() || end != text.data() + text.size())
        return Bad(key, "must be a whole number " + RangeText(kind, min, max, choices), text);
      v.number = static_cast<double>(n);
      break;
    }
    case SettingKind::kNumber: {
      // strtod needs a terminated string; it also accepts "inf"/"nan", refused below.
      const std::string copy(text);
      char* end = nullptr;
      v.number = copy.empty() ? NAN : std::strtod(copy.c_str(), &end);
      if (copy.empty() || end != copy.c_str() + copy.size() || !std::isfinite(v.number) ||
          std::isspace(static_cast<unsigned char>(copy.front())))
        return Bad(key, "must be a number " + RangeText(kind, min, max, choices), text);
      break;
    }
  }
  if (!(v.number >= min && v.number <= max)) return Bad(key, "must be " + RangeText(kind, min, max, choices), text);
  return v;
}

std::string EnvName(std::string_view key) {
  std::string out = "IDMATCH_";
  for (char c : key) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string FlagName(std::string_view key) {
  std::string out = "--";
  for (char c : key) out += c == '_' ? '-' : c;
  return out;
}

std::string SettingsMarkdown(const std::vector<SettingDoc>& docs, bool common_only) {
  std::string out =
      "| setting | environment, flags | default | values | meaning |\n"
      "|---|---|---|---|---|\n";
  for (const auto& d : docs) {
    if (common_only && !d.common) continue;
    std::string names;
    for (const auto& n : d.names) names.append(names.empty() ? "" : ", ").append("`" + n + "`");
    out += "| `" + d.key + "` | " + names + " | " + d.default_text + " | " + d.range + " | " + d.doc + " |\n";
  }
  return out;
}

}  // namespace idmatch
