// The edge's admission (server/edge.h): what the service decides from a
// request's head, on the edge's loop thread, before any body byte is read.
#include "server/http_server_impl.h"

namespace idmatch::server {

httplib::Request HttpServer::Impl::HeadRequest(const request::RequestHead& head, const EdgeRequest& edge_request) {
  httplib::Request req;
  req.method = head.method;
  req.target = head.target;
  req.path = head.path;
  req.remote_addr = edge_request.remote_addr;
  for (const auto& [name, value] : head.headers) req.headers.emplace(name, value);
  return req;
}

std::optional<std::string> HttpServer::Impl::AdmitHead(const request::RequestHead& head, EdgeRequest& edge_request) {
  const httplib::Request req = HeadRequest(head, edge_request);
  httplib::Response res;
  Exchange ex;
  ex.route = "edge";
  const HeadRoute* route = nullptr;
  for (const HeadRoute& r : head_routes) {
    const bool method = (r.method == Route::kGet && (head.method == "GET" || head.method == "HEAD")) ||
                        (r.method == Route::kPost && head.method == "POST") ||
                        (r.method == Route::kDelete && head.method == "DELETE");
    if (method && std::regex_match(head.path, r.pattern)) {
      route = &r;
      break;
    }
  }
  const bool aws_call = IsAws(req);
  if (!aws_call && (route == nullptr || route->access == Access::kPublic) &&
      head.content_length > kMaxPublicBodyBytes) {
    SendError(ex, res,
              route == nullptr ? Status(ErrorCode::kNotFound, "no route " + head.method + " " + head.path)
                               : Status(ErrorCode::kPayloadTooLarge, "this route takes no request body"));
    return RenderClosingResponse(res);
  }
  auto admission = std::make_shared<HeadAdmission>();
  if (aws_call) {
    ex.route = "aws";
    int retry = 0;
    if (Status s = aws->CheckHead(req, &retry); !s.ok()) {
      if (retry > 0) res.set_header("Retry-After", std::to_string(retry));
      aws->SendError(ex, res, s);
      return RefuseHead(req, res);
    }
  } else if (route != nullptr && route->access == Access::kApiKey) {
    ex.route = route->name;
    if (!Admit(req, res, ex)) return RefuseHead(req, res);
    admission->authenticated = true;
    admission->key_id = ex.key_id;
    admission->key_role = ex.key_role;
  }
  if (aws_call || (route != nullptr && route->heavy)) {
    if (heavy_admitted.fetch_add(1) >= 2 * config.max_inflight) {
      --heavy_admitted;
      if (aws_call) {
        aws->SendError(ex, res, OverloadedStatus());
      } else {
        SendError(ex, res, OverloadedStatus());
      }
      return RefuseHead(req, res);
    }
    admission->heavy_ticket = &heavy_admitted;
  }
  edge_request.admission = std::move(admission);
  return std::nullopt;
}

std::string HttpServer::Impl::RefuseHead(const httplib::Request& req, httplib::Response& res) const {
  cors.Decorate(req.get_header_value("Origin"), res);
  return RenderClosingResponse(res);
}

std::string HttpServer::Impl::RefuseAtEdge(const request::RequestHead* head, const Status& refusal) {
  httplib::Response res;
  Exchange ex;
  ex.route = "edge";
  if (head != nullptr && aws && head->method == "POST" && head->path == config.aws_api_path) {
    aws->SendError(ex, res, refusal);
  } else {
    SendError(ex, res, refusal);
  }
  if (head != nullptr) cors.Decorate(head->Header("Origin").value_or(""), res);
  return RenderClosingResponse(res);
}

}  // namespace idmatch::server
