// sf_uart_rx / sf_uart_tx: 8N1 UART, least significant bit first, CLKS_PER_BIT clock cycles per bit
// (clock / baud, at least 4). The receiver synchronizes `rx` through two flip-flops, waits half a bit
// after the start edge and samples every bit in its middle; a byte whose stop bit is low is dropped.
module sf_uart_rx #(
  parameter int CLKS_PER_BIT = 104
) (
  input  logic       clk,
  input  logic       rst_n,
  input  logic       rx,
  output logic       valid,  // one-cycle pulse: `data` holds a received byte
  output logic [7:0] data
);
  localparam int CW = $clog2(CLKS_PER_BIT + 1);
  logic       rx_s1, rx_s;
  logic [CW-1:0] cnt;
  logic [3:0] bitn;  // 0 start, 1..8 data, 9 stop
  logic       busy;
  logic [7:0] shift;
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      rx_s1 <= 1'b1;
      rx_s  <= 1'b1;
      cnt   <= '0;
      bitn  <= '0;
      busy  <= 1'b0;
      shift <= '0;
      valid <= 1'b0;
      data  <= '0;
    end else begin
      rx_s1 <= rx;
      rx_s  <= rx_s1;
      valid <= 1'b0;
      if (!busy) begin
        if (!rx_s) begin
          busy <= 1'b1;
          bitn <= '0;
          cnt  <= CW'(CLKS_PER_BIT / 2);
        end
      end else if (cnt != '0) begin
        cnt <= cnt - 1'b1;
      end else begin
        cnt <= CW'(CLKS_PER_BIT - 1);
        if (bitn == 4'd0) begin
          if (rx_s) busy <= 1'b0;  // a glitch, not a start bit
          bitn <= 4'd1;
        end else if (bitn != 4'd9) begin
          shift <= {rx_s, shift[7:1]};
          bitn  <= bitn + 1'b1;
        end else begin
          busy <= 1'b0;
          if (rx_s) begin
            valid <= 1'b1;
            data  <= shift;
          end
        end
      end
    end
  end
endmodule

module sf_uart_tx #(
  parameter int CLKS_PER_BIT = 104
) (
  input  logic       clk,
  input  logic       rst_n,
  input  logic       start,  // with !busy: send `data`
  input  logic [7:0] data,
  output logic       busy,
  output logic       tx
);
  localparam int CW = $clog2(CLKS_PER_BIT + 1);
  logic [CW-1:0] cnt;
  logic [3:0]    left;   // bits still to send, the current one included
  logic [9:0]    shift;  // {stop, data, start}, sent from bit 0
  always_ff @(posedge clk or negedge rst_n) begin
    if (!rst_n) begin
      cnt   <= '0;
      left  <= '0;
      shift <= '1;
      tx    <= 1'b1;
    end else if (left == '0) begin
      if (start) begin
        shift <= {1'b1, data, 1'b0};
        tx    <= 1'b0;
        left  <= 4'd10;
        cnt   <= CW'(CLKS_PER_BIT - 1);
      end
    end else if (cnt != '0) begin
      cnt <= cnt - 1'b1;
    end else begin
      cnt   <= CW'(CLKS_PER_BIT - 1);
      left  <= left - 1'b1;
      shift <= {1'b1, shift[9:1]};
      tx    <= (left == 4'd1) ? 1'b1 : shift[1];
    end
  end
  assign busy = left != '0;
endmodule
