package dev.groundwork.api.limits;

import dev.groundwork.api.GroundworkProperties;
import dev.groundwork.api.openai.OpenAiErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over {@code groundwork.http.max-body-size} with 413 problem details: at
 * once when the declared length is too large, and mid-stream when a body sent without a length
 * grows too large. Multipart uploads have their own, larger limit.
 */
@Component
class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final JsonMapper json = JsonMapper.builder().build();

    BodySizeLimitFilter(GroundworkProperties properties) {
        this.maxBytes = properties.http().maxBodySize().toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase().startsWith("multipart/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            refuse(
                    request,
                    response,
                    "The request body has " + declared + " bytes; at most " + maxBytes + " are accepted");
            return;
        }
        if (declared >= 0) {
            chain.doFilter(request, response);
            return;
        }
        // Sent without a length (chunked): cut off at the limit; the problem-details advice turns
        // the stream's BodyTooLargeException into 413.
        chain.doFilter(new Bounded(request, maxBytes), response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", "Payload too large");
        problem.put("status", HttpStatus.CONTENT_TOO_LARGE.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        if (request.getRequestURI().startsWith(OpenAiErrors.PATH)) {
            problem.put("error", OpenAiErrors.error(HttpStatus.CONTENT_TOO_LARGE.value(), detail));
        }
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader("Connection", "close"); // the rest of the body is not read
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    /** The request with its body stream cut off at the limit. */
    private static final class Bounded extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream body = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = body.read();
                        if (b >= 0) {
                            count(1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = body.read(buffer, offset, length);
                        if (n > 0) {
                            count(n);
                        }
                        return n;
                    }

                    private void count(int n) throws BodyTooLargeException {
                        read += n;
                        if (read > maxBytes) {
                            throw new BodyTooLargeException(maxBytes);
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return body.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return body.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        body.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
