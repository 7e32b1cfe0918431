#include "document/mrz_cells.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <opencv2/imgproc.hpp>

#include "document/mrz_glyphs.h"

namespace idmatch::document {
namespace {

// Cells are compared as kFeatureW x kFeatureH images in which the line's
// capital height spans kCapRows rows starting at row kTopRow.
constexpr int kFeatureW = 24;
constexpr int kFeatureH = 34;
constexpr int kCapRows = 26;
constexpr int kTopRow = 4;
constexpr int kShift = 2;  // +-pixels of misalignment tolerated by the match

// The text line's geometry: glyph components, the capital band and the
// fixed pitch that fits `characters` cells between the first and last glyph.
struct LineLayout {
  std::vector<cv::Rect> components;  // ink components that belong to the line
  double cap_top = 0;
  double cap_height = 0;
  double first_centre = 0;  // x of the first cell's centre
  double pitch = 0;
};

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// Ink (dark text) as 255 on 0.
cv::Mat InkMask(const cv::Mat& line) {
  cv::Mat mask;
  cv::threshold(line, mask, 0, 255, cv::THRESH_BINARY_INV | cv::THRESH_OTSU);
  return mask;
}

bool Layout(const cv::Mat& ink, int characters, LineLayout& out) {
  cv::Mat labels, stats, centroids;
  const int n = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
  std::vector<cv::Rect> all;
  int tallest = 0;
  for (int i = 1; i < n; ++i) {
    if (stats.at<int>(i, cv::CC_STAT_AREA) < 4) continue;
    const cv::Rect r(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                     stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
    all.push_back(r);
    tallest = std::max(tallest, r.height);
  }
  if (all.size() < size_t(characters) / 3) return false;
  // The glyph height and the line's middle: medians over the tall components
  // (fillers '<' are short), so stray marks above or below are left out.
  std::vector<double> heights, middles;
  for (const auto& r : all) {
    if (r.height < 0.5 * tallest) continue;
    heights.push_back(r.height);
    middles.push_back(r.y + r.height / 2.0);
  }
  const double glyph_height = Median(heights);
  const double middle = Median(middles);
  std::vector<double> tops, bottoms;
  out.components.clear();
  for (const auto& r : all) {
    const double centre = r.y + r.height / 2.0;
    if (std::fabs(centre - middle) > 0.75 * glyph_height || r.height > 1.6 * glyph_height ||
        r.width > 2.0 * glyph_height) {
      continue;
    }
    out.components.push_back(r);
    if (r.height >= 0.8 * glyph_height) {
      tops.push_back(r.y);
      bottoms.push_back(r.y + r.height);
    }
  }
  if (tops.empty()) return false;
  out.cap_top = Median(tops);
  out.cap_height = std::max(4.0, Median(bottoms) - out.cap_top);
  // First and last glyphs: the components within ~half a pitch of the ends.
  int left = ink.cols, right = 0;
  for (const auto& r : out.components) {
    left = std::min(left, r.x);
    right = std::max(right, r.x + r.width);
  }
  const double pitch_guess = 1.1 * out.cap_height;  // OCR-B: 2.54 mm pitch, ~2.3 mm capitals
  double first_l = ink.cols, first_r = 0, last_l = ink.cols, last_r = 0;
  for (const auto& r : out.components) {
    if (r.x < left + 0.6 * pitch_guess) {
      first_l = std::min<double>(first_l, r.x);
      first_r = std::max<double>(first_r, r.x + r.width);
    }
    if (r.x + r.width > right - 0.6 * pitch_guess) {
      last_l = std::min<double>(last_l, r.x);
      last_r = std::max<double>(last_r, r.x + r.width);
    }
  }
  out.first_centre = (first_l + first_r) / 2;
  out.pitch = ((last_l + last_r) / 2 - out.first_centre) / (characters - 1);
  // A wrong character count gives a pitch far from the glyphs' size.
  const double ratio = out.pitch / out.cap_height;
  return ratio > 0.75 && ratio < 1.6;
}

// The cell's glyph as a kFeatureW x kFeatureH image, smoothed a little. A
// full-height glyph is scaled by its own ink height (print, rendering and
// focus move glyph heights by a pixel or two, which would otherwise outweigh
// the small differences between O and 0 or S and 8); a short one ('<') by
// the line's capital height, so its size still counts. Aspect ratio is kept.
cv::Mat CellFeature(const cv::Mat& ink_level, const LineLayout& l, int cell) {
  const double centre = l.first_centre + cell * l.pitch;
  const int x0 = std::max(0, int(std::floor(centre - 0.55 * l.pitch)));
  const int x1 = std::min(ink_level.cols, int(std::ceil(centre + 0.55 * l.pitch)));
  double ink_l = x1, ink_r = x0, ink_t = 1e9, ink_b = -1e9;
  for (const auto& r : l.components) {
    const double c = r.x + r.width / 2.0;
    if (c < x0 || c >= x1) continue;
    ink_l = std::min<double>(ink_l, std::max(r.x, x0));
    ink_r = std::max<double>(ink_r, std::min(r.x + r.width, x1));
    ink_t = std::min<double>(ink_t, r.y);
    ink_b = std::max<double>(ink_b, r.y + r.height);
  }
  const double glyph_centre = ink_r > ink_l ? (ink_l + ink_r) / 2 : centre;
  const bool full_height = ink_b - ink_t >= 0.75 * l.cap_height;
  const double top = full_height ? ink_t : l.cap_top;
  const double height = full_height ? ink_b - ink_t : l.cap_height;
  cv::Mat window = cv::Mat::zeros(ink_level.size(), CV_32F);
  if (x1 > x0) ink_level.colRange(x0, x1).copyTo(window.colRange(x0, x1));
  const double k = kCapRows / height;
  const cv::Matx23d m(k, 0, kFeatureW / 2.0 - k * glyph_centre, 0, k, kTopRow - k * top);
  cv::Mat feature;
  cv::warpAffine(window, feature, cv::Mat(m), cv::Size(kFeatureW, kFeatureH), cv::INTER_AREA, cv::BORDER_CONSTANT, 0);
  cv::GaussianBlur(feature, feature, cv::Size(3, 3), 0.8);
  return feature;
}

// Dark text as a positive float ink level (0 = paper), per line.
cv::Mat InkLevel(const cv::Mat& line) {
  cv::Mat f;
  line.convertTo(f, CV_32F);
  double paper = 0;
  cv::minMaxLoc(f, nullptr, &paper);
  cv::Mat unused;
  const double otsu = cv::threshold(line, unused, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  paper = std::min(paper, otsu + 40);
  f = paper - f;
  cv::threshold(f, f, 0, 0, cv::THRESH_TOZERO);
  return f;
}

// Each glyph at a few blur levels (sigma in feature pixels; the capital
// height is kCapRows). A cell is compared with every template at the same
// blur, its own copy blurred alike, and the scores averaged: comparing a
// sharp cell with blurred templates would favour glyphs with more ink ('8'
// over 'S', '0' over 'O').
constexpr std::array<double, 3> kBlurLevels = {0.0, 1.0, 1.8};

// Zero-mean, unit-norm copy of an image as one row (Pearson correlation is
// then a dot product).
cv::Mat Standardised(const cv::Mat& f) {
  cv::Mat row = f.isContinuous() ? f.reshape(1, 1).clone() : f.clone().reshape(1, 1);
  row -= cv::mean(row)[0];
  const double norm = cv::norm(row);
  if (norm > 1e-9) row /= norm;
  return row;
}

cv::Mat Blurred(const cv::Mat& f, double sigma) {
  if (sigma <= 0) return f;
  cv::Mat out;
  cv::GaussianBlur(f, out, cv::Size(), sigma);
  return out;
}

// Per blur level, one row per glyph (standardised), in symbol order.
struct Templates {
  std::string symbols;
  std::array<cv::Mat, kBlurLevels.size()> rows;  // CV_32F, symbols.size() x (kFeatureW * kFeatureH)
};

Templates BuildTemplates() {
  const cv::Mat sheet(kMrzGlyphSheetHeight, kMrzGlyphSheetWidth, CV_8UC1, const_cast<unsigned char*>(kMrzGlyphSheet));
  const std::string text = kMrzGlyphSheetText;
  Templates out;
  LineLayout l;
  if (!Layout(InkMask(sheet), int(text.size()), l)) return out;
  const cv::Mat level = InkLevel(sheet);
  out.symbols = text;
  for (size_t i = 0; i < text.size(); ++i) {
    const cv::Mat f = CellFeature(level, l, int(i));
    for (size_t b = 0; b < kBlurLevels.size(); ++b) out.rows[b].push_back(Standardised(Blurred(f, kBlurLevels[b])));
  }
  return out;
}

const Templates& GlyphTemplates() {
  static const Templates templates = BuildTemplates();
  return templates;
}

// Mean over blur levels of the best correlation over +-kShift shifts with
// every template (what TM_CCOEFF_NORMED gives, as one matrix product per
// level: shifted windows x templates).
std::vector<double> Scores(const cv::Mat& feature) {
  const Templates& t = GlyphTemplates();
  std::vector<double> scores(t.symbols.size(), 0.0);
  for (size_t b = 0; b < kBlurLevels.size(); ++b) {
    cv::Mat padded, windows, products;
    cv::copyMakeBorder(Blurred(feature, kBlurLevels[b]), padded, kShift, kShift, kShift, kShift, cv::BORDER_CONSTANT,
                       0);
    for (int dy = 0; dy <= 2 * kShift; ++dy) {
      for (int dx = 0; dx <= 2 * kShift; ++dx) {
        windows.push_back(Standardised(padded(cv::Rect(dx, dy, kFeatureW, kFeatureH))));
      }
    }
    cv::gemm(windows, t.rows[b], 1.0, cv::noArray(), 0.0, products, cv::GEMM_2_T);  // shifts x symbols
    for (int s = 0; s < products.cols; ++s) {
      double peak = 0;
      cv::minMaxLoc(products.col(s), nullptr, &peak);
      scores[size_t(s)] += peak / double(kBlurLevels.size());
    }
  }
  return scores;
}

}  // namespace

const std::string& MrzCellSymbols() { return GlyphTemplates().symbols; }

std::vector<std::vector<double>> ReadMrzCells(const cv::Mat& line, int characters) {
  LineLayout l;
  if (!Layout(InkMask(line), characters, l)) return {};
  const cv::Mat level = InkLevel(line);
  std::vector<std::vector<double>> cells;
  for (int i = 0; i < characters; ++i) cells.push_back(Scores(CellFeature(level, l, i)));
  return cells;
}

}  // namespace idmatch::document
