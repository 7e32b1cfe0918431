#include "api/json_scan.h"

#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>

namespace idmatch::api {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  Result<std::map<std::string, RawField>> Object() {
    std::map<std::string, RawField> out;
    SkipWs();
    if (!Eat('{')) return Error("expected '{'");
    SkipWs();
    if (Eat('}')) return Finish(std::move(out));
    while (true) {
      SkipWs();
      if (Peek() != '"') return Error("expected a member name");
      auto key = String();
      if (!key) return Error("unterminated string");
      // Member names are short; decode their escapes properly with nlohmann.
      std::string quoted;
      quoted.reserve(key->size() + 2);
      quoted.append(1, '"').append(*key).append(1, '"');
      const auto decoded = nlohmann::json::parse(quoted, nullptr, false);
      if (!decoded.is_string()) return Error("invalid member name");
      SkipWs();
      if (!Eat(':')) return Error("expected ':'");
      SkipWs();
      RawField field;
      if (Peek() == '"') {
        auto value = String();
        if (!value) return Error("unterminated string");
        field = {*value, true};
      } else {
        const size_t start = pos_;
        if (!SkipValue()) return Error("invalid value");
        field = {s_.substr(start, pos_ - start), false};
      }
      out[decoded.get<std::string>()] = field;
      SkipWs();
      if (Eat(',')) continue;
      if (Eat('}')) return Finish(std::move(out));
      return Error("expected ',' or '}'");
    }
  }

 private:
  Result<std::map<std::string, RawField>> Finish(std::map<std::string, RawField> out) {
    SkipWs();
    if (pos_ != s_.size()) return Error("unexpected data after the object");
    return out;
  }
  Status Error(const std::string& what) const {
    return Status(ErrorCode::kMalformedJson,
                  "the request body is not valid JSON: " + what + " at byte " + std::to_string(pos_));
  }
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  void SkipWs() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  // At an opening quote: returns the raw contents and moves past the closing quote.
  std::optional<std::string_view> String() {
    const size_t start = ++pos_;
    while (true) {
      const void* hit = std::memchr(s_.data() + pos_, '"', s_.size() - pos_);
      if (hit == nullptr) return std::nullopt;
      const size_t q = static_cast<size_t>(static_cast<const char*>(hit) - s_.data());
      size_t backslashes = 0;
      while (q - backslashes > start && s_[q - backslashes - 1] == '\\') ++backslashes;
      pos_ = q + 1;
      if (backslashes % 2 == 0) return s_.substr(start, q - start);
    }
  }
  // A non-string value: a nested object/array (balanced, strings skipped) or a scalar token.
  bool SkipValue() {
    const char c = Peek();
    if (c == '{' || c == '[') {
      int depth = 0;
      while (pos_ < s_.size()) {
        const char ch = s_[pos_];
        if (ch == '"') {
          if (!String()) return false;
          continue;
        }
        if (ch == '{' || ch == '[') ++depth;
        if (ch == '}' || ch == ']') --depth;
        ++pos_;
        if (depth == 0) return true;
      }
      return false;
    }
    const size_t start = pos_;
    while (pos_ < s_.size() && std::strchr(",}] \t\r\n", s_[pos_]) == nullptr) ++pos_;
    return pos_ > start;
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

Result<std::map<std::string, RawField>> ScanTopLevelObject(std::string_view body) { return Scanner(body).Object(); }

}  // namespace idmatch::api
