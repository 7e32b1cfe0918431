// One settings table per configuration struct: each row is a setting's one
// name, its kind, its one range (or its choices), its documentation and how it
// reads and writes the struct. The config file, the environment, the server's
// and the CLI's flags all parse through the same row (ParseInto), start-up
// validation checks the same ranges (CheckRanges), and the docs are generated
// from the rows (SettingsMarkdown), so no setting can have two spellings, two
// ranges or an undocumented existence.
//
// Names: file key `max_inflight`, environment `IDMATCH_MAX_INFLIGHT`, flag
// `--max-inflight`. `aliases` keeps spellings that shipped before the table
// (e.g. `--threshold`), accepted and documented, never added to.
//
// Thread contract: the tables are immutable after first use.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "idmatch/status.h"

namespace idmatch {

enum class SettingKind {
  kText,    // any text
  kWhole,   // an integer in [min, max]
  kNumber,  // a finite decimal number in [min, max]
  kSwitch,  // true/false (also 1/0)
  kChoice,  // one of `choices`
};

// A parsed value; only the member the kind uses is meaningful.
struct SettingValue {
  std::string text = {};  // kText, kChoice
  double number = 0;      // kWhole, kNumber
  bool on = false;        // kSwitch
};

// What a setting is, independent of the struct it lives in.
struct SettingSpec {
  std::string_view key = {};
  SettingKind kind = SettingKind::kText;
  double min = 0;  // kWhole / kNumber: the one range
  double max = 0;
  std::vector<std::string_view> choices = {};  // kChoice
  std::string_view default_text = {};          // as documented, e.g. "16 MiB"
  std::string_view doc = {};                   // meaning and unit, one sentence
  std::vector<std::string_view> aliases = {};  // older flag/env spellings: "--threshold", "IDMATCH_DATABASE_URL"
  bool common = false;                         // listed in the README's short table
};

// A setting of `Config`: its spec plus how it is written and read.
template <typename Config>
struct SettingRow : SettingSpec {
  std::function<void(Config&, const SettingValue&)> set;
  std::function<SettingValue(const Config&)> get;
};

// The row of a setting of a struct nested in `Outer` (e.g. the engine's rows
// inside ServerConfig): the same spec, reached through `inner`, a generic
// lambda returning a reference to the nested struct.
template <typename Outer, typename Inner, typename Access>
SettingRow<Outer> Nested(const SettingRow<Inner>& row, Access inner) {
  return SettingRow<Outer>{row, [set = row.set, inner](Outer& c, const SettingValue& v) { set(inner(c), v); },
                           [get = row.get, inner](const Outer& c) { return get(inner(c)); }};
}

// `text` parsed as the row's kind and checked against its range/choices.
// kConfigInvalid "configuration '<key>' must be ..., got '<text>'".
Result<SettingValue> ParseSetting(SettingKind kind, double min, double max,
                                  const std::vector<std::string_view>& choices, std::string_view key,
                                  std::string_view text);

// "IDMATCH_MAX_INFLIGHT" / "--max-inflight" for the key "max_inflight".
std::string EnvName(std::string_view key);
std::string FlagName(std::string_view key);

template <typename Config>
Status ParseInto(const SettingRow<Config>& row, std::string_view text, Config& config) {
  auto v = ParseSetting(row.kind, row.min, row.max, row.choices, row.key, text);
  if (!v.ok()) return v.status();
  row.set(config, *v);
  return Status::Ok();
}

// Every number within its row's range (for structs filled in code, not parsed).
template <typename Config>
Status CheckRanges(const std::vector<SettingRow<Config>>& rows, const Config& config) {
  for (const auto& row : rows) {
    if (row.kind != SettingKind::kWhole && row.kind != SettingKind::kNumber) continue;
    const double v = row.get(config).number;
    if (!(v >= row.min && v <= row.max)) {
      return Status(ErrorCode::kConfigInvalid, "configuration '" + std::string(row.key) + "' must be between " +
                                                   std::to_string(row.min) + " and " + std::to_string(row.max));
    }
  }
  return Status::Ok();
}

// One documentation row: key, env, flag(s), default, range/choices, meaning.
struct SettingDoc {
  std::string key;
  std::vector<std::string> names;  // env and flag, then aliases
  std::string range;               // "1..1024", "none, target, both", "true/false", ""
  std::string default_text;
  std::string doc;
  bool common = false;
};
std::string RangeText(SettingKind kind, double min, double max, const std::vector<std::string_view>& choices);
inline SettingDoc DocOf(const SettingSpec& row) {
  SettingDoc d{std::string(row.key),
               {EnvName(row.key), FlagName(row.key)},
               RangeText(row.kind, row.min, row.max, row.choices),
               std::string(row.default_text),
               std::string(row.doc),
               row.common};
  for (auto a : row.aliases) d.names.emplace_back(a);
  return d;
}

// A Markdown table of the rows (`common_only`: the README's short table).
std::string SettingsMarkdown(const std::vector<SettingDoc>& docs, bool common_only);

}  // namespace idmatch
