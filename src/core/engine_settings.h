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
  return {SettingSpec{.key = key, .kind = kind, .min = min, .max = max, .default_text = default_text, .doc = doc},
          [field](Config& c, const SettingValue& v) {
            auto& f = field(c);
            f = static_cast<std::remove_reference_t<decltype(f)>>(v.number);
          },
          [field](const Config& c) { return SettingValue{.number = static_cast<double>(field(c))}; }};
}

template <typename Config, typename Field>
SettingRow<Config> SwitchSetting(std::string_view key, std::string_view default_text, std::string_view doc,
                                 Field field) {
  return {SettingSpec{.key = key, .kind = SettingKind::kSwitch, .default_text = default_text, .doc = doc},
          [field](Config& c, const SettingValue& v) { field(c) = v.on; },
          [field](const Config& c) { return SettingValue{.on = field(c)}; }};
}

template <typename Config, typename Field>
SettingRow<Config> TextSetting(std::string_view key, std::string_view default_text, std::string_view doc, Field field) {
  return {SettingSpec{.key = key, .kind = SettingKind::kText, .default_text = default_text, .doc = doc},
          [field](Config& c, const SettingValue& v) { field(c) = v.text; },
          [field](const Config& c) { return SettingValue{.text = field(c)}; }};
}

// A choice stored as an enum: `names` lists the enum's values' names in enum order.
template <typename Config, typename Field>
SettingRow<Config> ChoiceSetting(std::string_view key, std::vector<std::string_view> names,
                                 std::string_view default_text, std::string_view doc, Field field) {
  return {
      SettingSpec{.key = key, .kind = SettingKind::kChoice, .choices = names, .default_text = default_text, .doc = doc},
      [field, names](Config& c, const SettingValue& v) {
        auto& f = field(c);
        for (size_t i = 0; i < names.size(); ++i) {
          if (names[i] == v.text) f = static_cast<std::remove_reference_t<decltype(f)>>(i);
        }
      },
      [field, names](const Config& c) {
        return SettingValue{.text = std::string(names.at(static_cast<size_t>(field(c))))};
      }};
}

}  // namespace idmatch
