#include "document/mrz_reader.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <opencv2/imgproc.hpp>
#include <optional>

#include "document/mrz_cells.h"
#include "document/mrz_charset.h"
#include "document/mrz_confidence.h"
#include "document/mrz_locate.h"

namespace idmatch::document {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kTextHeight = 32;  // CutLine's text height, pixels

// The best-scoring character that `allowed` accepts.
char Best(const std::vector<double>& scores, const std::function<bool(char)>& allowed, double& score) {
  const std::string& symbols = MrzCellSymbols();
  score = -1;
  char best = '<';
  for (size_t i = 0; i < symbols.size() && i < scores.size(); ++i) {
    if (scores[i] > score && allowed(symbols[i])) {
      score = scores[i];
      best = symbols[i];
    }
  }
  return best;
}

}  // namespace

std::string ReadMrzLine(const cv::Mat& line, int characters, double* confidence) {
  const auto cells = ReadMrzCells(line, characters);
  std::string text;
  double total = 0;
  for (const auto& cell : cells) {
    double score = 0;
    text += Best(
        cell, [](char) { return true; }, score);
    total += score;
  }
  if (confidence) *confidence = cells.empty() ? 0.0 : total / double(cells.size());
  return text;
}

namespace {

// An alphanumeric field whose check digit disagrees: among the characters
// that scored almost as well as the chosen one in each cell (O/0, S/5/8,
// B/8, I/1, Z/2, D/0...), the best-scoring combination the check digit
// accepts. Unchanged when the field validates or no combination does.
void RepairWithCheckDigit(std::string& line, const std::vector<std::vector<double>>& cells, int start, int length,
                          int check_at) {
  const char check = line[size_t(check_at)];
  if (check < '0' || check > '9' || MrzCheckDigit(line.substr(size_t(start), size_t(length))) == check - '0') return;
  constexpr double kNearlyAsGood = 0.08;  // correlation; look-alikes score within ~0.05 of each other
  const std::string& symbols = MrzCellSymbols();
  std::vector<std::vector<std::pair<char, double>>> options{size_t(length)};
  size_t combinations = 1;
  for (int i = 0; i < length; ++i) {
    const auto& scores = cells[size_t(start + i)];
    double best = -1;
    for (size_t t = 0; t < symbols.size(); ++t) {
      if (MrzCharsetAllows(MrzCharset::kAlnum, symbols[t])) best = std::max(best, scores[t]);
    }
    auto& o = options[size_t(i)];
    for (size_t t = 0; t < symbols.size(); ++t) {
      if (MrzCharsetAllows(MrzCharset::kAlnum, symbols[t]) && scores[t] >= best - kNearlyAsGood) {
        o.emplace_back(symbols[t], scores[t]);
      }
    }
    std::sort(o.begin(), o.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    if (o.size() > 3) o.resize(3);
    combinations *= o.size();
  }
  if (combinations > 4096) return;  // too ambiguous to trust a check digit alone
  std::string field(size_t(length), '<'), best_field;
  double best_total = -1e9;
  std::function<void(int, double)> walk = [&](int i, double total) {
    if (i == length) {
      if (total > best_total && MrzCheckDigit(field) == check - '0') {
        best_total = total;
        best_field = field;
      }
      return;
    }
    for (const auto& [symbol, score] : options[size_t(i)]) {
      field[size_t(i)] = symbol;
      walk(i + 1, total + score);
    }
  };
  walk(0, 0.0);
  if (!best_field.empty()) line.replace(size_t(start), size_t(length), best_field);
}

// Per cell of `text`: its character's score minus the best other score the
// position's charset allows, and that other character.
std::vector<float> CellMargins(const std::string& text, const std::vector<std::vector<double>>& cells, int characters,
                               int line, bool french_id, std::string& runner_up) {
  const std::string& symbols = MrzCellSymbols();
  std::vector<float> margins;
  runner_up.clear();
  for (size_t c = 0; c < cells.size() && c < text.size(); ++c) {
    const MrzCharset set = MrzPositionCharset(characters, line, int(c), french_id);
    double chosen = -1, other = -1;
    char other_symbol = '<';
    for (size_t t = 0; t < symbols.size() && t < cells[c].size(); ++t) {
      if (symbols[t] == text[c]) {
        chosen = cells[c][t];
      } else if (MrzCharsetAllows(set, symbols[t]) && cells[c][t] > other) {
        other = cells[c][t];
        other_symbol = symbols[t];
      }
    }
    margins.push_back(float(chosen - other));
    runner_up += other_symbol;
  }
  return margins;
}

// ICAO's 7-3-1 weights cannot tell O (24) from 0 in some position sets
// (docs/document.md: two adjacent swaps, or five), so a smudged number can
// validate either way. Where a document number's cell reads O with 0 within
// kMrzCertainMargin and the check digit accepts the 0 too, read 0: issuers
// avoid the letter O in serial numbers for this very confusion, and no number
// of the dev documents holds one.
void PreferZeroInNumber(std::string& line, const std::vector<std::vector<double>>& cells, int start, int length,
                        int check_at) {
  const std::string& symbols = MrzCellSymbols();
  const size_t letter_o = symbols.find('O'), zero = symbols.find('0');
  if (letter_o == std::string::npos || zero == std::string::npos) return;
  const char check = line[size_t(check_at)];
  std::string changed = line;
  for (int c = start; c < start + length; ++c) {
    const auto& scores = cells[size_t(c)];
    if (changed[size_t(c)] == 'O' && scores[zero] >= scores[letter_o] - kMrzCertainMargin) changed[size_t(c)] = '0';
  }
  if (changed != line && check >= '0' && check <= '9' &&
      MrzCheckDigit(changed.substr(size_t(start), size_t(length))) == check - '0') {
    line = changed;
  }
}

// The band's lines read as `characters`-cell MRZ lines, each cell's character
// chosen among those ICAO allows at its position, document numbers and
// optional data settled by their check digits.
std::vector<std::string> ReadBand(const std::vector<cv::Mat>& lines, int characters, double& confidence,
                                  std::vector<std::vector<float>>* margins = nullptr,
                                  std::vector<std::string>* runner_up = nullptr) {
  std::vector<std::string> out;
  std::vector<std::vector<std::vector<double>>> all_cells;
  double total = 0;
  int cells_read = 0;
  bool french_id = false;  // a 2 x 36 zone whose first line starts "IDFRA" (mrz.h)
  for (size_t l = 0; l < lines.size(); ++l) {
    auto cells = ReadMrzCells(lines[l], characters);
    if (cells.empty()) return {};
    std::string text;
    for (size_t c = 0; c < cells.size(); ++c) {
      const MrzCharset set = MrzPositionCharset(characters, int(l), int(c), french_id);
      double score = 0;
      text += Best(
          cells[c], [&](char ch) { return MrzCharsetAllows(set, ch); }, score);
      total += score;
      ++cells_read;
    }
    out.push_back(text);
    all_cells.push_back(std::move(cells));
    french_id = characters == 36 && lines.size() == 2 && out[0].rfind("IDFRA", 0) == 0;
  }
  if (characters == 30 && out.size() == 3) {
    RepairWithCheckDigit(out[0], all_cells[0], 5, 9, 14);
    PreferZeroInNumber(out[0], all_cells[0], 5, 9, 14);
  } else if (french_id) {
    RepairWithCheckDigit(out[1], all_cells[1], 0, 12, 12);
  } else if (out.size() == 2) {
    RepairWithCheckDigit(out[1], all_cells[1], 0, 9, 9);
    PreferZeroInNumber(out[1], all_cells[1], 0, 9, 9);
    if (characters == 44) {
      RepairWithCheckDigit(out[1], all_cells[1], 28, 14, 42);
      PreferZeroInNumber(out[1], all_cells[1], 28, 14, 42);  // the personal number
    }
  }
  confidence = cells_read ? total / cells_read : 0.0;
  if (margins && runner_up) {
    margins->clear();
    runner_up->clear();
    for (size_t l = 0; l < out.size(); ++l) {
      std::string others;
      margins->push_back(CellMargins(out[l], all_cells[l], characters, int(l), french_id && l == 1, others));
      runner_up->push_back(std::move(others));
    }
  }
  return out;
}

}  // namespace

Result<MrzRead> ReadMrz(const cv::Mat& bgr, std::string_view today) {
  cv::Mat grey;
  if (bgr.channels() == 1) {
    grey = bgr;
  } else {
    cv::cvtColor(bgr, grey, cv::COLOR_BGR2GRAY);
  }
  const auto bands = LocateMrzBands(grey);
  if (bands.empty()) return Status(ErrorCode::kNotFound, "no machine-readable zone was found in the image");
  std::optional<MrzRead> best;
  double best_score = -1e9;
  for (size_t b = 0; b < bands.size() && b < 3; ++b) {
    const auto& band = bands[b];
    const std::vector<int> counts = band.lines.size() == 3 ? std::vector<int>{30} : std::vector<int>{44, 36};
    for (const bool flip : {false, true}) {
      const double angle = band.angle_degrees + (flip ? 180.0 : 0.0);
      // Top to bottom once turned upright: order by the turned y coordinate.
      const cv::Point2f down(float(-std::sin(angle * kPi / 180)), float(std::cos(angle * kPi / 180)));
      std::vector<cv::RotatedRect> lines = band.lines;
      std::sort(lines.begin(), lines.end(),
                [&](const auto& a, const auto& c) { return a.center.dot(down) < c.center.dot(down); });
      std::vector<cv::Mat> cut;
      for (const auto& line : lines) cut.push_back(CutLine(grey, line, band.angle_degrees, flip, kTextHeight));
      for (const int count : counts) {
        MrzRead read;
        double confidence = 0;
        read.ocr_lines = ReadBand(cut, count, confidence, &read.cell_margins, &read.runner_up);
        if (read.ocr_lines.empty()) continue;
        std::string text;
        for (const auto& line : read.ocr_lines) text += line + "\n";
        auto parsed = ParseMrz(text, today);
        if (!parsed.ok()) continue;
        int valid = 0;
        for (const auto& check : parsed->checks) valid += check.valid;
        const double score = 10.0 * valid - double(parsed->repairs.size()) + confidence;
        if (score <= best_score) continue;
        best_score = score;
        read.mrz = std::move(parsed).value();
        read.mean_confidence = confidence;
        read.orientation_degrees = std::fmod(std::fmod(angle, 360.0) + 360.0, 360.0);
        best = std::move(read);
        // Every check digit and the composite agree: another reading cannot do better.
        if (best->mrz.all_checks_valid() && best->mrz.repairs.empty()) return *std::move(best);
      }
    }
    if (best && best->mrz.all_checks_valid()) break;
  }
  if (!best) return Status(ErrorCode::kInvalidArgument, "a machine-readable zone was found but could not be read");
  return *std::move(best);
}

}  // namespace idmatch::document
