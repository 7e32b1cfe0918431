#include "core/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace idmatch::log {
namespace {

std::atomic<Level> g_min_level{Level::kInfo};
std::mutex g_mutex;

const char* Name(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarning: return "warning";
    case Level::kError: return "error";
  }
  return "info";
}

std::string NowIso8601() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

void SetMinLevel(Level level) { g_min_level = level; }

void Write(Level level, std::string_view message, const char* file, int line) {
  if (level < g_min_level.load()) return;
  nlohmann::json j{{"time", NowIso8601()}, {"level", Name(level)}, {"msg", message}};
  if (level >= Level::kWarning) j["at"] = std::string(file) + ":" + std::to_string(line);
  const std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard lock(g_mutex);
  std::fputs(text.c_str(), stderr);
}

void WriteFields(Level level, std::string_view fields_json) {
  if (level < g_min_level.load()) return;
  nlohmann::json j = nlohmann::json::parse(fields_json, nullptr, false);
  if (!j.is_object()) j = nlohmann::json{{"msg", fields_json}};
  j["time"] = NowIso8601();
  j["level"] = Name(level);
  const std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::lock_guard lock(g_mutex);
  std::fputs(text.c_str(), stderr);
}

}  // namespace idmatch::log
