#include "core/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

namespace idmatch::log {
namespace {

std::atomic<Level> g_min_level{Level::kInfo};
std::mutex g_mutex;
// Where log lines go: stderr, or its original descriptor once
// CaptureLibraryOutput has made fd 2 a pipe.
std::FILE* g_out = nullptr;

// Library lines kept per second, and the longest kept line, bytes.
constexpr int kLibraryLinesPerSecond = 50;
constexpr size_t kLibraryLineBytes = 500;

void Emit(const std::string& text) {
  std::lock_guard lock(g_mutex);
  std::FILE* out = g_out != nullptr ? g_out : stderr;
  std::fputs(text.c_str(), out);
  std::fflush(out);
}

void ReadLibraryLines(int fd) {
  std::string line;
  char buf[4096];
  auto window = std::chrono::steady_clock::now();
  int kept = 0, dropped = 0;
  auto flush_line = [&] {
    if (line.empty()) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - window >= std::chrono::seconds(1)) {
      if (dropped > 0) {
        WriteFields(
            Level::kWarning,
            nlohmann::json{{"source", "library"}, {"msg", std::to_string(dropped) + " library lines dropped"}}.dump());
      }
      window = now;
      kept = dropped = 0;
    }
    if (kept++ < kLibraryLinesPerSecond) {
      WriteFields(Level::kWarning, nlohmann::json{{"source", "library"}, {"msg", line}}.dump(
                                       -1, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
      ++dropped;
    }
    line.clear();
  };
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      if (buf[i] == '\n') {
        flush_line();
      } else if (line.size() < kLibraryLineBytes) {
        line.push_back(buf[i]);
      }
    }
  }
  flush_line();
}

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
  Emit(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

void WriteFields(Level level, std::string_view fields_json) {
  if (level < g_min_level.load()) return;
  nlohmann::json j = nlohmann::json::parse(fields_json, nullptr, false);
  if (!j.is_object()) j = nlohmann::json{{"msg", fields_json}};
  j["time"] = NowIso8601();
  j["level"] = Name(level);
  Emit(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

bool CaptureLibraryOutput() {
  std::lock_guard lock(g_mutex);
  if (g_out != nullptr) return true;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  const int original = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
  std::FILE* out = original >= 0 ? fdopen(original, "w") : nullptr;
  if (out == nullptr || dup2(fds[1], STDERR_FILENO) < 0) {
    if (out != nullptr) std::fclose(out);
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  close(fds[1]);
  std::fflush(stderr);
  g_out = out;
  std::thread(ReadLibraryLines, fds[0]).detach();
  return true;
}

}  // namespace idmatch::log
