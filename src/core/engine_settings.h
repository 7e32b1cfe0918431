// The engine's rows of the settings table (core/settings.h): every
// EngineConfig field an operator may set, with its one name and range.
// EngineConfig::Validate checks the same ranges.
#pragma once

#include <vector>

#include "core/settings.h"
#include "idmatch/config.h"

namespace idmatch {

const std::vector<SettingRow<EngineConfig>>& EngineSettings();

// Builders shared by the engine's and the server's tables. `field` is a
// generic lambda returning a reference to the field, e.g.
// [](auto& c) -> auto& { return c.max_faces; }.
template <typename Config, typename Field>
SettingRow<Config> NumberSetting(std::string_view key, SettingKind kind, double min, double max,
                                 std::string_view default_text, std::string_view doc, Field field) {
  SettingRow<Config> r;
  r.key = key;
  r.kind = kind;
  r.min = min;
  r.max = max;
  r.default_text = default_text;
  r.doc = doc;
  r.set = [field](Config& c, const SettingValue& v) {
    auto& f = field(c);
    f = static_cast<std::remove_reference_t<decltype(f)>>(v.number);
  };
  r.get = [field](const Config& c) {
    SettingValue v;
    v.number = static_cast<double>(field(c));
    return v;
  };
  return r;
}

template <typename Config, typename Field>
SettingRow<Config> SwitchSetting(std::string_view key, std::string_view default_text, std::string_view doc,
                                 Field field) {
  SettingRow<Config> r;
  r.key = key;
  r.kind = SettingKind::kSwitch;
  r.default_text = default_text;
  r.doc = doc;
  r.set = [field](Config& c, const SettingValue& v) { field(c) = v.on; };
  r.get = [field](const Config& c) {
    SettingValue v;
    v.on = field(c);
    return v;
  };
  return r;
}

template <typename Config, typename Field>
SettingRow<Config> TextSetting(std::string_view key, std::string_view default_text, std::string_view doc, Field field) {
  SettingRow<Config> r;
  r.key = key;
  r.kind = SettingKind::kText;
  r.default_text = default_text;
  r.doc = doc;
  r.set = [field](Config& c, const SettingValue& v) { field(c) = v.text; };
  r.get = [field](const Config& c) {
    SettingValue v;
    v.text = field(c);
    return v;
  };
  return r;
}

// A choice stored as an enum: `names` lists the enum's values' names in enum order.
template <typename Config, typename Field>
SettingRow<Config> ChoiceSetting(std::string_view key, std::vector<std::string_view> names,
                                 std::string_view default_text, std::string_view doc, Field field) {
  SettingRow<Config> r;
  r.key = key;
  r.kind = SettingKind::kChoice;
  r.choices = names;
  r.default_text = default_text;
  r.doc = doc;
  r.set = [field, names](Config& c, const SettingValue& v) {
    auto& f = field(c);
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == v.text) f = static_cast<std::remove_reference_t<decltype(f)>>(i);
    }
  };
  r.get = [field, names](const Config& c) {
    SettingValue v;
    v.text = std::string(names.at(static_cast<size_t>(field(c))));
    return v;
  };
  return r;
}

}  // namespace idmatch
