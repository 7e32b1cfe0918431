#include "document/mrz_confidence.h"

#include <algorithm>

namespace idmatch::document {
namespace {

struct Span {
  const char* field;
  int line;
  int begin;
  int end;            // exclusive
  const char* check;  // the MrzCheck protecting it, or nullptr
};

// Where each field lies, per format (ICAO 9303 parts 4-7).
std::vector<Span> Spans(const Mrz& m) {
  const int width = m.lines.empty() ? 0 : int(m.lines[0].size());
  std::vector<Span> spans;
  auto names = [&](int line, int begin) {
    // Family name up to the first "<<", given names after it.
    const std::string& l = m.lines[size_t(line)];
    size_t split = l.find("<<", size_t(begin));
    if (split == std::string::npos) split = l.size();
    spans.push_back({"family_name", line, begin, int(split), nullptr});
    spans.push_back({"given_names", line, std::min(int(split) + 2, width), width, nullptr});
  };
  if (m.format == MrzFormat::kFrenchId) {
    return {{"type", 0, 0, 2, nullptr},
            {"issuing_country", 0, 2, 5, nullptr},
            {"family_name", 0, 5, 30, nullptr},
            {"optional_data", 0, 30, 36, "composite"},
            {"document_number", 1, 0, 12, "document_number"},
            {"given_names", 1, 13, 27, nullptr},
            {"birth_date", 1, 27, 33, "birth_date"},
            {"sex", 1, 34, 35, nullptr}};
  }
  if (m.format == MrzFormat::kTd1) {
    spans = {{"type", 0, 0, 2, nullptr},
             {"issuing_country", 0, 2, 5, nullptr},
             {"document_number", 0, 5, 14, "document_number"},
             {"birth_date", 1, 0, 6, "birth_date"},
             {"sex", 1, 7, 8, nullptr},
             {"expiry_date", 1, 8, 14, "expiry_date"},
             {"nationality", 1, 15, 18, nullptr},
             {"optional_data", 0, 15, 30, "composite"}};
    names(2, 0);
    return spans;
  }
  const bool composite = m.format == MrzFormat::kTd3 || m.format == MrzFormat::kTd2;
  spans = {{"type", 0, 0, 2, nullptr},
           {"issuing_country", 0, 2, 5, nullptr},
           {"document_number", 1, 0, 9, "document_number"},
           {"nationality", 1, 10, 13, nullptr},
           {"birth_date", 1, 13, 19, "birth_date"},
           {"sex", 1, 20, 21, nullptr},
           {"expiry_date", 1, 21, 27, "expiry_date"},
           {"optional_data", 1, 28, width - (composite ? 1 : 0),
            m.format == MrzFormat::kTd3 ? "optional_data" : (composite ? "composite" : nullptr)}};
  names(0, 5);
  return spans;
}

const MrzCheck* FindCheck(const Mrz& m, const char* name) {
  if (!name) return nullptr;
  for (const auto& c : m.checks) {
    if (c.field == name) return &c;
  }
  return nullptr;
}

}  // namespace

// True when some reading of the span with its doubtful cells swapped to
// their runners-up (each alone, or all together) also satisfies `check`.
bool CheckCannotTell(const Mrz& m, const Span& span, const MrzCheck& check,
                     const std::vector<std::vector<float>>& margins, const std::vector<std::string>& runner_up) {
  if (check.field == std::string("composite") || size_t(span.line) >= runner_up.size()) return false;
  const std::string& line = m.lines[size_t(span.line)];
  const std::string field = line.substr(size_t(span.begin), size_t(span.end - span.begin));
  std::vector<int> doubtful;
  for (int c = span.begin; c < span.end; ++c) {
    if (size_t(c) < margins[size_t(span.line)].size() && margins[size_t(span.line)][size_t(c)] < kMrzCertainMargin &&
        size_t(c) < runner_up[size_t(span.line)].size()) {
      doubtful.push_back(c - span.begin);
    }
  }
  auto validates = [&](const std::string& variant) {
    return variant != field && MrzCheckDigit(variant) == check.found - '0';
  };
  std::string all = field;
  for (int i : doubtful) {
    std::string one = field;
    one[size_t(i)] = all[size_t(i)] = runner_up[size_t(span.line)][size_t(span.begin + i)];
    if (validates(one)) return true;
  }
  return doubtful.size() > 1 && validates(all);
}

MrzFieldConfidence AssessMrzFields(const Mrz& m, const std::vector<std::vector<float>>& margins,
                                   const std::vector<std::string>& runner_up) {
  MrzFieldConfidence out;
  const bool composite_ok = [&] {
    const MrzCheck* c = FindCheck(m, "composite");
    return !c || c->valid;
  }();
  // Two or more failed check digits: the cells are misplaced (a wrong
  // layout or pitch), so every field is in doubt, however clear its glyphs.
  const auto failed = std::count_if(m.checks.begin(), m.checks.end(), [](const MrzCheck& c) { return !c.valid; });
  for (auto span : Spans(m)) {
    const MrzCheck* check = FindCheck(m, span.check);
    if (span.begin >= span.end) {
      // An empty name part (no "<<" found): judged by the whole name zone.
      span.begin = m.format == MrzFormat::kTd1 ? 0 : 5;
      span.end = m.lines.empty() ? 0 : int(m.lines[size_t(span.line)].size());
    }
    float margin = 1.0f;
    for (int c = span.begin; c < span.end; ++c) {
      const bool repaired = std::any_of(m.repairs.begin(), m.repairs.end(),
                                        [&](const MrzRepair& r) { return r.line == span.line && r.column == c; });
      const bool known = size_t(span.line) < margins.size() && size_t(c) < margins[size_t(span.line)].size();
      margin = std::min(margin, repaired || !known ? 0.0f : margins[size_t(span.line)][size_t(c)]);
    }
    out.margin[span.field] = margin;
    float confidence = std::clamp(margin / (2.0f * kMrzCertainMargin), 0.0f, 1.0f);
    if (check) {
      // A validating check digit settles the field, unless the composite
      // (which covers it too) fails: a check-digit repair can steer a smudged
      // number to a wrong combination that happens to validate, so then the
      // margin must be sound as well. A failing check condemns the field.
      const bool own_check = check->field != std::string("composite");
      const bool settled = check->valid && composite_ok && !CheckCannotTell(m, span, *check, margins, runner_up);
      const bool vouched = check->valid && own_check && !composite_ok && confidence >= 0.5f;
      confidence = settled ? 1.0f : vouched ? confidence : std::min(confidence, 0.25f);
    }
    if (failed >= 2) confidence = std::min(confidence, 0.25f);
    out.confidence[span.field] = confidence;
    if (confidence < 0.5f) out.uncertain.push_back(span.field);
  }
  return out;
}

}  // namespace idmatch::document
